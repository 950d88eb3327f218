/// A failure reported by the database or its client library.
///
/// Carries the code, the server's message, detail and hint, and where in the SQL the error was
/// found. The SQL itself is kept for locating the error but never printed with bound values.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// SQLSTATE (PostgreSQL) or SQLite result code.
    public var code: SQLState
    /// The primary message, one line.
    public var message: String
    /// The server's DETAIL, if any.
    public var detail: String?
    /// The server's HINT, if any.
    public var hint: String?
    /// Zero-based UTF-8 byte offset into `sql` where the error was detected.
    public var offset: Int?
    /// The SQL text the error refers to.
    public var sql: String?

    public init(
        code: SQLState, message: String, detail: String? = nil, hint: String? = nil,
        offset: Int? = nil, sql: String? = nil
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.hint = hint
        self.offset = offset
        self.sql = sql
    }

    /// Where in `sql` the error is, as a 1-based line and column, when known.
    public var location: SourceLocation? {
        guard let offset, let sql else { return nil }
        return SourceLocation(utf8Offset: offset, in: sql)
    }

    /// One line: code, message, and the server's hint when it has one.
    public var description: String {
        var text = "\(message) (\(code))"
        if let detail, !detail.isEmpty { text += "; \(detail)" }
        if let hint, !hint.isEmpty { text += "; hint: \(hint)" }
        return text
    }
}
