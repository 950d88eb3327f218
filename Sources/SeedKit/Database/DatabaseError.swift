/// A failure reported by the database or its client library.
///
/// Carries the code, the server's message, detail and hint, and where in the SQL the error was
/// found. The SQL itself is kept for locating the error but never printed with bound values.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// SQLSTATE (PostgreSQL) or SQLite result code.
    public var code: SQLState
    /// The primary message, one line.
    public var message: String
    /// The server's DETAIL, if any. It can quote row values; `description` shows it only when
    /// it cannot (see `shownDetail`).
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

    /// One line: message, code, the server's detail when it quotes no row data, and its hint.
    public var description: String {
        var text = "\(message) (\(code))"
        if let shownDetail {
            text += "; " + shownDetail.split(whereSeparator: \.isNewline).joined(separator: " ")
        } else if let detail, !detail.isEmpty {
            text += "; detail not shown: it may quote row values"
        }
        if let hint, !hint.isEmpty { text += "; hint: \(hint)" }
        return text
    }

    /// `detail` when it can be printed, nil when there is none or it may quote row data.
    ///
    /// The rule: PostgreSQL puts the offending values into the DETAIL of integrity violations
    /// (SQLSTATE class 23: `Key (id)=(42) already exists.`, `Failing row contains (42, null).`)
    /// and of data exceptions (class 22: `Token "abc" is invalid.`), so a detail in those two
    /// classes is never shown. In any other class it is shown unless it has the shape of one of
    /// those (`Key (…)=(…)`, `Failing row contains (…)`, `Token "…"`), since a trigger or function
    /// can raise any code with any detail. What remains names objects, sessions or limits
    /// (`There is 1 other session using the database.`), which a user needs to act. SQLite
    /// reports no detail. `detail` itself keeps the full text for callers that want it.
    var shownDetail: String? {
        guard let detail, !detail.isEmpty else { return nil }
        let quotesData = code.rawValue.hasPrefix("22") || code.rawValue.hasPrefix("23")
        let dataShapes = ["Key (", "Failing row contains (", "Token \""]
        let hasDataShape = detail.contains(")=(") || dataShapes.contains { detail.hasPrefix($0) }
        return quotesData || hasDataShape ? nil : detail
    }
}
