import Foundation

/// What a column holds, the same word on both dialects: SQLite stores a uuid, a timestamp or
/// JSON as TEXT, and the migrations' CHECKs (or declared type names) say which.
public enum LogicalType: String, Codable, Sendable, CaseIterable {
    case uuid, text, integer, real, numeric, boolean, timestamp, date, json, bytes
    /// A PostgreSQL enum type (its labels are the column's allowed values).
    case enumeration = "enum"
    /// An array, a range, a geometric or any other type seedctl does not generate.
    case other

    /// Whether `self` on one dialect and `other` on the other hold the same values: a
    /// PostgreSQL enum is a SQLite TEXT column with an IN-list CHECK.
    func matches(_ other: LogicalType) -> Bool {
        self == other || Set([self, other]) == [.enumeration, .text]
    }

    /// The logical type of a PostgreSQL type (`format_type` text without modifiers, and the
    /// `pg_type.typtype` letter: `e` for an enum).
    static func postgres(_ typeName: String, kind: String) -> LogicalType {
        if kind == "e" { return .enumeration }
        if typeName.hasSuffix("[]") { return .other }
        let base = typeName.split(separator: "(").first.map(String.init) ?? typeName
        switch base.trimmingCharacters(in: .whitespaces) {
        case "uuid": return .uuid
        case "text", "character varying", "character", "citext", "name": return .text
        case "integer", "bigint", "smallint": return .integer
        case "double precision", "real": return .real
        case "numeric": return .numeric
        case "boolean": return .boolean
        case "timestamp with time zone", "timestamp without time zone": return .timestamp
        case "date": return .date
        case "jsonb", "json": return .json
        case "bytea": return .bytes
        default: return .other
        }
    }

    /// The logical type a SQLite declared type names, before the CHECKs are read: SQLite's
    /// affinity rules, with the common type names of non-STRICT schemas recognised first.
    static func sqliteDeclared(_ declared: String) -> LogicalType {
        let type = declared.uppercased()
        let named: [(String, LogicalType)] = [
            ("UUID", .uuid), ("TIMESTAMP", .timestamp), ("DATETIME", .timestamp), ("DATE", .date),
            ("JSON", .json), ("BOOL", .boolean), ("DECIMAL", .numeric), ("NUMERIC", .numeric),
        ]
        if let match = named.first(where: { type.contains($0.0) }) { return match.1 }
        if type.contains("INT") { return .integer }
        if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") { return .text }
        if type.contains("BLOB") || type.isEmpty { return type.isEmpty ? .other : .bytes }
        if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") { return .real }
        return type == "ANY" ? .other : .numeric
    }
}
