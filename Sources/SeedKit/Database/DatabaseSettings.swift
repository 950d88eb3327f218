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

    /// The resolved URL (its statement timeout can be set by the caller).
    public var url: DatabaseURL
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
        if let value = environment["DATABASE_URL"] {
            guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ConfigurationError(
                    "DATABASE_URL is set but empty (an unset CI secret?); set it to the database's URL, "
                        + "or unset it to use sqlite:seedctl.db")
            }
            return DatabaseSettings(url: try DatabaseURL(value), source: .environment)
        }
        let dotenv = directory.appendingPathComponent(".env")
        if FileManager.default.fileExists(atPath: dotenv.path) {
            guard let data = FileManager.default.contents(atPath: dotenv.path),
                let contents = String(data: data, encoding: .utf8)
            else {
                throw ConfigurationError(
                    "cannot read .env: it is unreadable or not UTF-8 text; fix or remove it, or pass --database-url"
                )
            }
            if let value = try DotEnv.value(of: "DATABASE_URL", in: contents) {
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ConfigurationError(
                        ".env sets DATABASE_URL to nothing; give it the database's URL, "
                            + "or remove the line to use sqlite:seedctl.db")
                }
                return DatabaseSettings(url: try DatabaseURL(value), source: .dotenv)
            }
        }
        return DatabaseSettings(url: .embeddedDefault, source: .embeddedDefault)
    }

    /// Opens a connection to the resolved database; `create: false` refuses a SQLite file that
    /// does not exist instead of creating it, and `readOnly` opens it without changing it.
    public func connect(
        lockTimeout: Double? = nil, create: Bool = true, readOnly: ReadOnlyOpen? = nil
    ) throws -> any Connection {
        try url.connect(busyTimeout: lockTimeout, create: create, readOnly: readOnly)
    }
}

extension DatabaseURL {
    /// Opens a connection to this database.
    ///
    /// - Parameters:
    ///   - busyTimeout: SQLite only: how long to wait for another writer, in seconds.
    ///   - create: SQLite only: create the file when it does not exist.
    ///   - readOnly: SQLite only: open without creating or changing the file.
    public func connect(
        busyTimeout: Double? = nil, create: Bool = true, readOnly: ReadOnlyOpen? = nil
    ) throws -> any Connection {
        switch backend {
        case .postgres(let conninfo):
            return try PostgresConnection(conninfo: conninfo, url: self)
        case .sqlite(let path):
            guard let readOnly else {
                return try SQLiteConnection(path: path, busyTimeout: busyTimeout ?? 30, create: create)
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
    /// The value of the last `key=` line, unquoted (nil when no line sets it; "" when one sets
    /// it to nothing). `export KEY=…`, comments, inline ` #` comments after unquoted values and
    /// blank lines are understood; any other line is refused with its line number, since a
    /// line the reader skipped could be the one meant to set the URL.
    static func value(of key: String, in contents: String) throws -> String? {
        var found: String?
        for (index, rawLine) in contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated()
        {
            func refuse(_ problem: String) -> ConfigurationError {
                ConfigurationError(
                    ".env:\(index + 1): \(problem); write KEY=value lines (quote values with spaces), "
                        + "or pass --database-url")
            }
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") {
                line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            }
            guard let equals = line.firstIndex(of: "=") else { throw refuse("a line without '='") }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard let first = name.unicodeScalars.first,
                CharacterSet.letters.contains(first) || first == "_",
                name.unicodeScalars.allSatisfy({
                    $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_")
                })
            else { throw refuse("a name that is not a variable name") }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let quote = value.first, quote == "\"" || quote == "'" {
                guard let close = value.dropFirst().firstIndex(of: quote) else {
                    throw refuse("a quoted value without its closing quote")
                }
                value = String(value[value.index(after: value.startIndex)..<close])
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if name == key { found = value }
        }
        return found
    }
}
