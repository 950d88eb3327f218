/// A 1-based line and column in a text, counted in characters.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The location of a zero-based UTF-8 byte offset (SQLite's `sqlite3_error_offset`).
    public init(utf8Offset: Int, in text: String) {
        let utf8 = text.utf8
        let clamped = max(0, min(utf8Offset, utf8.count))
        let end = utf8.index(utf8.startIndex, offsetBy: clamped)
        var line = 1
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < end {
            if text[index].isNewline {
                line += 1
                lineStart = text.index(after: index)
            }
            index = text.index(after: index)
        }
        self.init(line: line, column: text[lineStart..<end].count + 1)
    }

    /// The UTF-8 byte offset of PostgreSQL's 1-based character position (`PG_DIAG_STATEMENT_POSITION`).
    public static func utf8Offset(ofCharacterPosition position: Int, in text: String) -> Int {
        let scalars = text.unicodeScalars
        let count = max(0, min(position - 1, scalars.count))
        let end = scalars.index(scalars.startIndex, offsetBy: count)
        return text.utf8.distance(from: text.utf8.startIndex, to: end)
    }

    public var description: String { "\(line):\(column)" }
}
