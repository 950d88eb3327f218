import Foundation

/// Turns a spec's scalar text into a value of a column's logical type.
enum SpecValueTyping {
    /// The writer type of a logical type; nil for types seedctl does not generate.
    static func columnType(_ type: LogicalType) -> ColumnType? {
        switch type {
        case .uuid: .uuid
        case .text, .enumeration: .text
        case .integer: .integer
        case .real, .numeric: .real
        case .boolean: .boolean
        case .timestamp: .timestamp
        case .json: .json
        case .date, .bytes, .other: nil
        }
    }

    /// `text` as a value of `type`; nil when it is not one.
    static func value(_ text: String, _ type: LogicalType) -> SpecValue? {
        if text == "null" || text == "~" { return .null }
        switch type {
        case .text, .enumeration: return .text(text)
        case .integer: return Int(text).map(SpecValue.integer)
        case .real, .numeric: return Double(text).map(SpecValue.real)
        case .boolean:
            switch text.lowercased() {
            case "true", "t", "yes", "1": return .boolean(true)
            case "false", "f", "no", "0": return .boolean(false)
            default: return nil
            }
        case .timestamp: return Timestamp(parsing: text).map(SpecValue.timestamp)
        case .json:
            guard let data = text.data(using: .utf8),
                (try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) != nil
            else { return nil }
            return .json(text)
        case .uuid, .date, .bytes, .other: return nil
        }
    }
}
