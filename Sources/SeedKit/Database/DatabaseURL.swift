import CLibPQ
import Foundation

/// Where the database is: a PostgreSQL connection URI or a SQLite file.
///
/// PostgreSQL URIs are passed to libpq untouched, so every form libpq accepts works
/// (`sslmode`, `host=/socket/dir`, `options`, several hosts); seedctl only validates them with
/// `PQconninfoParse` and remembers the password to keep it out of everything it prints.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The backend a URL points to.
    public enum Backend: Sendable, Hashable {
        case postgres(conninfo: String)
        case sqlite(path: String)
    }

    /// The backend and its connection parameters.
    public let backend: Backend
    /// Every form of the password the URL holds (as written, and decoded); used only to mask it.
    let secrets: [String]

    /// The embedded default: a SQLite file `seedctl.db` in the working directory.
    public static let embeddedDefault = DatabaseURL(backend: .sqlite(path: "seedctl.db"), secrets: [])

    /// Parses `postgres://…`, `postgresql://…`, `sqlite:PATH` or `sqlite:///abs/path`.
    public init(_ string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            let written = Self.writtenPasswords(in: trimmed)
            let fields = try Self.parseConninfo(trimmed, secrets: written)
            let decoded = (fields["password"] ?? nil).map { [$0] } ?? []
            self.init(
                backend: .postgres(conninfo: trimmed), secrets: (written + decoded).filter { !$0.isEmpty })
        } else if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw ConfigurationError(
                    "database URL 'sqlite:' has no path; use sqlite:PATH, e.g. sqlite:seedctl.db")
            }
            self.init(backend: .sqlite(path: path), secrets: [])
        } else {
            let scheme = trimmed.split(separator: ":", maxSplits: 1).first.map(String.init) ?? trimmed
            throw ConfigurationError(
                "unsupported database URL scheme '\(scheme.prefix(20))'; use postgres://USER@HOST/DB or sqlite:PATH"
            )
        }
    }

    private init(backend: Backend, secrets: [String]) {
        self.backend = backend
        self.secrets = Array(Set(secrets)).sorted { $0.count > $1.count }
    }

    /// The dialect of the backend.
    public var dialect: Dialect {
        switch backend {
        case .postgres: .postgres
        case .sqlite: .sqlite
        }
    }

    /// The URL with its password replaced by `****`, safe to print.
    public var description: String {
        switch backend {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let conninfo): redact(conninfo)
        }
    }

    /// `text` with every occurrence of this URL's password, as written or decoded, masked.
    public func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "****") }
    }

    /// The password text exactly as written in a URI: after the first ':' of the userinfo, and
    /// any `password=` query parameter.
    static func writtenPasswords(in uri: String) -> [String] {
        var found: [String] = []
        if let scheme = uri.range(of: "://") {
            let rest = uri[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                found.append(String(authority[authority.index(after: colon)..<at]))
            }
        }
        if let query = uri.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") where pair.hasPrefix("password=") {
                found.append(String(pair.dropFirst("password=".count)))
            }
        }
        return found
    }

    /// Validates a conninfo string or URI the way libpq will read it, returning its fields.
    private static func parseConninfo(_ conninfo: String, secrets: [String]) throws -> [String: String?] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "out of memory"
            if let errorMessage { PQfreemem(errorMessage) }
            let line = secrets.filter { !$0.isEmpty }.reduce(
                message.split(whereSeparator: \.isNewline).joined(separator: " ")
            ) {
                $0.replacingOccurrences(of: $1, with: "****")
            }
            // libpq may quote the URI back; drop anything after "@" it might contain.
            throw ConfigurationError("invalid PostgreSQL URL: \(scrubUserinfo(line)); check the URL's syntax")
        }
        defer { PQconninfoFree(options) }
        var fields: [String: String?] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            fields[String(cString: keyword)] = option.pointee.val.map { String(cString: $0) }
            option += 1
        }
        return fields
    }

    /// Masks the userinfo of any URI inside a message, so a password can't leak from a parse error.
    private static func scrubUserinfo(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"(postgres(?:ql)?://)[^@\s/"]*@"#) else {
            return text
        }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: "$1****@")
    }
}
