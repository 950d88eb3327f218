import Foundation

/// Resolves which database to use: `--database-url`, else `DATABASE_URL` in the environment,
/// else `DATABASE_URL` in `./.env`, else the embedded SQLite default.
public struct DatabaseSettings: Sendable {
    /// Where the URL came from, for messages.
    public enum Source: String, Sendable {
        case flag = "--database-url"
        case environment = "DATABASE_URL"
        case dotenv = ".env"
        case embeddedDefault = "default"
    }

    /// The resolved URL.
    public let url: DatabaseURL
    /// Where it came from.
    public let source: Source

    /// Resolves the URL from the flag, the environment and the `.env` file in `directory`.
    public static func resolve(
        flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> DatabaseSettings {
        if let flag {
            return DatabaseSettings(url: try DatabaseURL(flag), source: .flag)
        }
        if let value = environment["DATABASE_URL"], !value.isEmpty {
            return DatabaseSettings(url: try DatabaseURL(value), source: .environment)
        }
        let dotenv = directory.appendingPathComponent(".env")
        if let contents = try? String(contentsOf: dotenv, encoding: .utf8),
            let value = DotEnv.value(of: "DATABASE_URL", in: contents)
        {
            return DatabaseSettings(url: try DatabaseURL(value), source: .dotenv)
        }
        return DatabaseSettings(url: .embeddedDefault, source: .embeddedDefault)
    }

    /// Opens a connection to the resolved database.
    public func connect(lockTimeout: Double? = nil, readOnly: ReadOnlyOpen? = nil) throws -> any Connection {
        try url.connect(busyTimeout: lockTimeout, readOnly: readOnly)
    }
}

extension DatabaseURL {
    /// Opens a connection to this database.
    ///
    /// - Parameter busyTimeout: SQLite only: how long to wait for another writer, in seconds.
    /// - Parameter readOnly: SQLite only: open without creating or changing the file.
    public func connect(busyTimeout: Double? = nil, readOnly: ReadOnlyOpen? = nil) throws -> any Connection {
        switch backend {
        case .postgres(let conninfo):
            return try PostgresConnection(conninfo: conninfo, redactor: self)
        case .sqlite(let path):
            guard let readOnly else {
                return try SQLiteConnection(path: path, busyTimeout: busyTimeout ?? 30)
            }
            guard FileManager.default.fileExists(atPath: path) else {
                if readOnly == .missingIsEmpty { return try SQLiteConnection(path: ":memory:") }
                throw DatabaseError(
                    code: .sqlite("CANTOPEN"),
                    message:
                        "no SQLite database at '\(path)' (a read-only command does not create one); check the path, or run 'seedctl migrate' to create it"
                )
            }
            return try SQLiteConnection(path: path, busyTimeout: busyTimeout ?? 30, readOnly: true)
        }
    }
}

/// How a read-only command opens a SQLite database (`status`, `validate`, `--dry-run`).
public enum ReadOnlyOpen: Sendable {
    /// A missing file is an error.
    case mustExist
    /// A missing file reads as an empty database (nothing is created).
    case missingIsEmpty
}

/// The `KEY=VALUE` lines of a `.env` file.
enum DotEnv {
    /// The value of the last `key=` line, unquoted; `export KEY=…`, comments, inline ` #`
    /// comments after unquoted values and blank lines are understood. Empty values count as unset.
    static func value(of key: String, in contents: String) -> String? {
        var found: String?
        for rawLine in contents.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") {
                line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            guard line[..<equals].trimmingCharacters(in: .whitespaces) == key else { continue }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let first = value.first, first == "\"" || first == "'" {
                if let close = value.dropFirst().firstIndex(of: first) {
                    value = String(value[value.index(after: value.startIndex)..<close])
                }
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            found = value.isEmpty ? nil : value
        }
        return found
    }
}
