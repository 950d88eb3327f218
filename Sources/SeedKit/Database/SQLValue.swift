/// A value bound to a statement parameter or read from a result column.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)

    /// The value as an integer, converting text and booleans; nil for NULL or non-numeric text.
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value.rounded(.towardZero))
        case .text(let value): Int64(value)
        case .bool(let value): value ? 1 : 0
        case .null: nil
        }
    }

    /// The value as a double; nil for NULL or non-numeric text.
    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .text(let value): Double(value)
        case .bool(let value): value ? 1 : 0
        case .null: nil
        }
    }

    /// The value as text, as the database would print it; nil for NULL.
    public var string: String? {
        switch self {
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        case .bool(let value): value ? "true" : "false"
        case .null: nil
        }
    }

    /// The value as a boolean, accepting SQLite's 0/1 and PostgreSQL's t/f.
    public var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .integer(let value): value != 0
        case .text(let value): ["t", "true", "1"].contains(value.lowercased())
        case .real(let value): value != 0
        case .null: nil
        }
    }

    /// Whether the value is SQL NULL.
    public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

/// One result row: values in column order, addressable by name.
public struct Row: Sendable {
    /// Column names, shared by every row of one result.
    public let columns: [String]
    /// Values in column order.
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the named column, or `.null` when there is no such column.
    public subscript(name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The value at a column position.
    public subscript(index: Int) -> SQLValue { values[index] }
}
