import Testing

@testable import SeedKit

/// Which CHECKs hold by construction: only the exact value formats seedctl writes, on built-in
/// columns of that type, in conjunctions; anything else is left to SQLite.
@Suite("SQLiteCheckSplit")
struct SQLiteCheckSplitTests {
    let columns: [String: Column] = Dictionary(
        uniqueKeysWithValues: [
            Column("id", .uuid), Column("status", .text), Column("created_at", .timestamp),
            Column("completed_at", .timestamp, nullable: true), Column("options", .json, jsonRoot: .array),
            Column("note", .json, nullable: true, jsonRoot: .object),
        ].map { ($0.name, $0) })
    let stamp = SQLiteCheckSplit.timestampGlob

    @Test("the schema's own formats hold, however they are spaced and cased")
    func proven() {
        for expression in [
            "length(id) = 36\n        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'",
            "LENGTH( \"id\" )=36",
            "(length(id) = 36) and (id not glob '*[^0-9a-f-]*')",
            "created_at GLOB '\(stamp)'\n AND (completed_at IS NULL OR completed_at GLOB '\(stamp)')",
            "completed_at GLOB '\(stamp)'",
            "CASE WHEN json_valid(options) THEN json_type(options) = 'array' ELSE 0 END",
            "json_valid(options)",
            "note IS NULL OR CASE WHEN json_valid(note) THEN json_type(note) = 'object' ELSE 0 END",
        ] {
            #expect(SQLiteCheckSplit.holds(expression, columns), "\(expression)")
        }
    }

    @Test("another pattern, column, root or shape is evaluated")
    func evaluated() {
        for expression in [
            "id NOT GLOB '*[^0-9A-F-]*'",  // GLOB is case-sensitive: uppercase only
            "id GLOB '????????-????-????-????-???????????'",  // one character short
            "length(id) = 32",
            "status GLOB '????????-????-????-????-????????????'",  // a text column
            "missing GLOB '\(stamp)'",  // not a built-in column
            "created_at GLOB '\(stamp.lowercased())'",
            "created_at GLOB '\(stamp)' AND status IN ('a', 'b')",
            "length(id) = 36 OR id GLOB 'x'",
            "length(id) = 36 AND id GLOB '????????-????-????-????-????????????' OR status = 'a'",
            "status IS NULL OR length(id) = 36",
            "NOT length(id) = 36",
            "CASE WHEN json_valid(options) THEN json_type(options) = 'object' ELSE 0 END",
            "CASE WHEN json_valid(note) THEN json_type(note) = 'object' ELSE 0 END",  // NULL fails it
            "CASE WHEN json_valid(options) THEN json_type(id) = 'array' ELSE 0 END",
            "id GLOB 'x AND length(id) = 36'",
            "",
        ] {
            #expect(!SQLiteCheckSplit.holds(expression, columns), "\(expression)")
        }
    }

    @Test("a table's checks split by name, in order")
    func split() {
        let checks = [
            TableSchema.Check(name: "a_id_check", expression: "length(id) = 36"),
            TableSchema.Check(name: "a_status_check", expression: "status IN ('a', 'b')"),
            TableSchema.Check(name: nil, expression: "created_at GLOB '\(stamp)'"),
        ]
        let split = SQLiteCheckSplit(checks, generated: Array(columns.values))
        #expect(split.proven == [checks[0], checks[2]])
        #expect(split.evaluated == [checks[1]])
        #expect(SQLiteCheckSplit(checks, generated: []).evaluated == checks)
    }
}
