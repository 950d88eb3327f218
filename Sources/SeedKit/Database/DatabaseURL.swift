import CLibPQ
import Foundation

/// Where the database is: a PostgreSQL connection URI or key=value conninfo string, or a SQLite
/// file.
///
/// PostgreSQL strings are passed to libpq untouched, so every form libpq accepts works
/// (`sslmode`, `host=/socket/dir`, `options`, several hosts); seedctl validates them with
/// `PQconninfoParse`. What it prints is rebuilt from the parsed structure with the password
/// field replaced, never by searching text for the password (a one-letter password would mask
/// that letter everywhere, and a password that libpq reads differently would leak).
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The backend a URL points to.
    public enum Backend: Sendable, Hashable {
        case postgres(conninfo: String)
        case sqlite(path: String)
    }

    /// The backend and its connection parameters.
    public let backend: Backend
    /// PostgreSQL: seconds a statement may run (the server's `statement_timeout`; the client
    /// gives a silent server up a few seconds later); 0 for no limit. Default 10 minutes.
    public var statementTimeout: Double = 600
    /// The printable form, password masked; built when the URL is parsed.
    private let display: String

    /// The embedded default: a SQLite file `seedctl.db` in the working directory.
    public static let embeddedDefault = DatabaseURL(
        backend: .sqlite(path: "seedctl.db"), display: "sqlite:seedctl.db")

    /// Parses `postgres://…`, `postgresql://…`, libpq `key=value …` conninfo, `sqlite:PATH` or
    /// `sqlite:///abs/path`.
    public init(_ string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            try Self.requireUnambiguousUserinfo(trimmed)
            let fields = try Self.parseConninfo(trimmed, form: "URL")
            self.init(backend: .postgres(conninfo: trimmed), display: Self.maskedURI(trimmed, fields: fields))
        } else if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw ConfigurationError(
                    "database URL 'sqlite:' has no path; use sqlite:PATH, e.g. sqlite:seedctl.db")
            }
            self.init(backend: .sqlite(path: path), display: "sqlite:\(path)")
        } else if Self.looksLikeConninfo(trimmed) {
            let fields = try Self.parseConninfo(trimmed, form: "connection string")
            self.init(backend: .postgres(conninfo: trimmed), display: Self.maskedConninfo(fields))
        } else {
            throw ConfigurationError(Self.unsupported(trimmed))
        }
    }

    private init(backend: Backend, display: String) {
        self.backend = backend
        self.display = display
    }

    /// The dialect of the backend.
    public var dialect: Dialect {
        switch backend {
        case .postgres: .postgres
        case .sqlite: .sqlite
        }
    }

    /// The URL with its password replaced by `****`, safe to print.
    public var description: String { display }

    /// The database's name alone, for metric labels: PostgreSQL's `dbname` (else, as libpq,
    /// `PGDATABASE`, the user name, `PGUSER`), or the SQLite file's name. Never a password.
    public var databaseName: String {
        switch backend {
        case .sqlite(let path):
            return URL(fileURLWithPath: path).lastPathComponent
        case .postgres(let conninfo):
            let fields = (try? Self.parseConninfo(conninfo, form: "URL")) ?? [:]
            let environment = ProcessInfo.processInfo.environment
            let candidates = [
                fields["dbname"], environment["PGDATABASE"], fields["user"], environment["PGUSER"],
            ]
            return candidates.compactMap { $0 }.first { !$0.isEmpty && !$0.contains("=") } ?? "postgres"
        }
    }

    /// A refusal that quotes the scheme only when it is one (`mysql`), never other text, which
    /// might be a password pasted in the wrong place.
    private static func unsupported(_ text: String) -> String {
        let advice = "use postgres://USER@HOST/DB, a libpq 'host=… dbname=…' string, or sqlite:PATH"
        guard text.contains(":"), let scheme = text.split(separator: ":", maxSplits: 1).first,
            (1...20).contains(scheme.count), scheme.first?.isLetter == true,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else {
            return text.isEmpty
                ? "the database URL is empty; \(advice)"
                : "the database URL is not a URL seedctl knows; \(advice)"
        }
        return "unsupported database URL scheme '\(scheme)'; \(advice)"
    }

    /// Whether `text` starts like libpq's `keyword=value` conninfo.
    static func looksLikeConninfo(_ text: String) -> Bool {
        let keyword = text.prefix { $0.isASCII && ($0.isLetter || $0 == "_") }
        return !keyword.isEmpty && text.dropFirst(keyword.count).drop { $0 == " " }.first == "="
    }

    /// Refuses a URI whose `@` or `/` in the password libpq would read as the end of the user
    /// info: the password would then become the host, the port or the database, and show up.
    static func requireUnambiguousUserinfo(_ uri: String) throws {
        guard let scheme = uri.range(of: "://") else { return }
        let rest = uri[scheme.upperBound...]
        // libpq's user info ends at the first '@' before any '/'.
        let lookahead = rest.prefix { $0 != "@" && $0 != "/" }
        let afterUserinfo =
            lookahead.endIndex < rest.endIndex && rest[lookahead.endIndex] == "@"
            ? rest[rest.index(after: lookahead.endIndex)...] : rest
        guard afterUserinfo.prefix(while: { $0 != "?" }).contains("@") else { return }
        throw ConfigurationError(
            "the PostgreSQL URL has an '@' after its user info, so libpq would read part of the password "
                + "as the host or database; percent-encode '@', '/' and ':' in the password (%40, %2F, %3A)")
    }

    /// Validates a conninfo string or URI the way libpq will read it, returning its fields.
    /// libpq's message quotes the offending text, which may be the password: only the part
    /// before the first quote is kept.
    private static func parseConninfo(_ conninfo: String, form: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "out of memory"
            if let errorMessage { PQfreemem(errorMessage) }
            throw ConfigurationError("invalid PostgreSQL \(form): \(reason(message)); check its syntax")
        }
        defer { PQconninfoFree(options) }
        var fields: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { fields[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return fields
    }

    /// libpq's parse error without any quoted input.
    static func reason(_ message: String) -> String {
        let known: [(String, String)] = [
            ("invalid percent-encoded token", "a '%' not followed by two hex digits (write '%' as %25)"),
            ("forbidden value %00", "a percent-encoded NUL (%00)"),
            ("invalid URI query parameter", "an unknown query parameter"),
            ("extra key/value separator", "an '=' too many in a query parameter"),
            ("missing key/value separator", "a query parameter without '='"),
            ("invalid connection option", "an unknown connection option"),
            ("missing \"=\" after", "a word without '=' (quote values with spaces: key='a b')"),
            ("unterminated quoted string", "an unterminated quoted value"),
            ("matching \"]\"", "an IPv6 host without its closing ']'"),
        ]
        if let match = known.first(where: { message.contains($0.0) }) { return match.1 }
        let head = message.prefix { $0 != "\"" && !$0.isNewline }
        return head.trimmingCharacters(in: CharacterSet(charactersIn: " :")).lowercased()
    }

    /// The URI with its user-info password and any `password=` parameter masked, located by the
    /// URI's structure as libpq reads it.
    static func maskedURI(_ uri: String, fields: [String: String]) -> String {
        guard let scheme = uri.range(of: "://") else { return uri }
        var result = String(uri[..<scheme.upperBound])
        let rest = uri[scheme.upperBound...]
        let lookahead = rest.prefix { $0 != "@" && $0 != "/" }
        var remainder = rest[...]
        if lookahead.endIndex < rest.endIndex, rest[lookahead.endIndex] == "@" {
            let userinfo = rest[..<lookahead.endIndex]
            if let colon = userinfo.firstIndex(of: ":") {
                result += userinfo[..<colon] + ":****"
            } else {
                result += userinfo
            }
            result += "@"
            remainder = rest[rest.index(after: lookahead.endIndex)...]
        }
        guard let question = remainder.firstIndex(of: "?") else { return result + remainder }
        result += remainder[...question]
        let parameters = remainder[remainder.index(after: question)...].split(
            separator: "&", omittingEmptySubsequences: false)
        result += parameters.map { pair in
            let key = pair.prefix { $0 != "=" }
            return key == "password" || key == "sslpassword" ? "\(key)=****" : String(pair)
        }.joined(separator: "&")
        return result
    }

    /// A conninfo string rebuilt from the fields that locate the database, password masked.
    static func maskedConninfo(_ fields: [String: String]) -> String {
        var pairs = ["host", "hostaddr", "port", "dbname", "user"].compactMap { key -> String? in
            guard let value = fields[key], !value.isEmpty else { return nil }
            let plain = !value.isEmpty && value.allSatisfy { !$0.isWhitespace && $0 != "'" && $0 != "\\" }
            let quoted =
                "'"
                + value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "'", with: "\\'") + "'"
            return "\(key)=\(plain ? value : quoted)"
        }
        if fields["password"] != nil { pairs.append("password=****") }
        return pairs.joined(separator: " ")
    }
}
