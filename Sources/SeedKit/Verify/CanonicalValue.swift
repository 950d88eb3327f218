/// The canonical text of a column value for the dataset digest, the same whichever backend
/// stored it.
enum CanonicalValue {
    /// A double as the shortest text that round-trips; integral values without a fraction.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return String(value)
    }

    /// `value` of a column of `type`, canonical; nil for NULL.
    static func text(_ value: SQLValue, as type: ColumnType) throws -> String? {
        guard !value.isNull else { return nil }
        switch type {
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
                throw DatabaseError(code: .clientError, message: "unreadable timestamp '\(value.string ?? "")'")
            }
            return time.iso8601
        case .json:
            return try CanonicalJSON.canonicalize(value.string ?? "")
        }
    }
}
