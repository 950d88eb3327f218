/// The canonical text of a column value for the dataset digest, the same whichever backend
/// stored it.
enum CanonicalValue {
    /// A double as the shortest text that round-trips; integral values without a fraction.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return String(value)
    }

    /// `value` of `column` (in `table`), canonical; nil for NULL. A value that cannot be read
    /// is reported by its table and column, never quoted: it is row data.
    static func text(_ value: SQLValue, of column: Column, in table: SeededTable) throws -> String? {
        guard !value.isNull else { return nil }
        switch column.type {
        case .uuid, .text:
            return value.string
        case .integer:
            return value.int.map(String.init)
        case .real:
            return value.double.map(number)
        case .boolean:
            return value.bool.map { $0 ? "true" : "false" }
        case .timestamp:
            guard let text = value.string, let time = Timestamp(parsing: text) else {
                throw DatabaseError(
                    code: .clientError,
                    message: "\(table.name).\(column.name) holds a value that is not a timestamp "
                        + "(YYYY-MM-DD HH:MM:SS); correct or delete that row, "
                        + "or re-seed with 'seedctl seed --clear'")
            }
            return time.iso8601
        case .json:
            do {
                return try CanonicalJSON.canonicalize(value.string ?? "")
            } catch var error as CanonicalJSON.Malformed {
                error.column = "\(table.name).\(column.name)"
                throw error
            }
        }
    }
}
