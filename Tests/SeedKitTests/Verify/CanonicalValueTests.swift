import Testing

@testable import SeedKit

/// The canonical text of each column type, the same whichever backend stored the value.
/// Changing any output pinned here changes the digest of every dataset.
struct CanonicalValueTests {
    static let table = SeedSchema.trds
    static func column(_ name: String) -> Column {
        table.columns.first { $0.name == name } ?? Column(name, .text)
    }

    /// (column, what PostgreSQL returns, what SQLite returns, canonical text)
    @Test(
        arguments: [
            (
                "id", SQLValue.text("0a1b2c3d-0000-4000-8000-000000000000"),
                SQLValue.text("0a1b2c3d-0000-4000-8000-000000000000"), "0a1b2c3d-0000-4000-8000-000000000000"
            ),
            ("content", .text("line\nwith\ttab"), .text("line\nwith\ttab"), "line\nwith\ttab"),
            ("version", .integer(3), .integer(3), "3"),
            ("version", .text("3"), .integer(3), "3"),
            ("quality_score", .real(87.25), .real(87.25), "87.25"),
            ("quality_score", .text("87.25"), .real(87.25), "87.25"),
            ("quality_score", .real(90), .integer(90), "90"),
            ("quality_score", .text("0.1"), .real(0.1), "0.1"),
            (
                "created_at", .text("2025-03-04 05:06:07.5+00"), .text("2025-03-04T05:06:07.500000Z"),
                "2025-03-04T05:06:07.500000Z"
            ),
            (
                "created_at", .text("2026-01-01 00:00:00+00"), .text("2026-01-01T00:00:00.000000Z"),
                "2026-01-01T00:00:00.000000Z"
            ),
            (
                "validation_report", .text(#"{"ok": true, "issues": [1.0, 2]}"#),
                .text(#"{"issues":[1,2],"ok":true}"#),
                #"{"issues":[1,2],"ok":true}"#
            ),
        ] as [(String, SQLValue, SQLValue, String)])
    func bothBackendsGiveTheSameText(column: String, postgres: SQLValue, sqlite: SQLValue, expected: String)
        throws
    {
        let column = Self.column(column)
        #expect(try CanonicalValue.text(postgres, of: column, in: Self.table) == expected)
        #expect(try CanonicalValue.text(sqlite, of: column, in: Self.table) == expected)
    }

    @Test(arguments: [SQLValue.bool(true), .integer(1), .text("t"), .text("true")])
    func booleans(value: SQLValue) throws {
        let recovered = try #require(SeedSchema.errorLogs.columns.first { $0.name == "recovered" })
        #expect(try CanonicalValue.text(value, of: recovered, in: SeedSchema.errorLogs) == "true")
        #expect(try CanonicalValue.text(.integer(0), of: recovered, in: SeedSchema.errorLogs) == "false")
    }

    @Test func nullIsNilForEveryType() throws {
        for column in Self.table.columns {
            #expect(try CanonicalValue.text(.null, of: column, in: Self.table) == nil)
        }
    }

    @Test(
        arguments: [
            (1.0, "1"), (-0.0, "0"), (0.5, "0.5"), (8.999e15, "8999000000000000"),
            (9e15, "9000000000000000.0"),
            (1e16, "1e+16"),
            (-1e300, "-1e+300"), (.infinity, "inf"),
        ] as [(Double, String)])
    func numbers(value: Double, expected: String) {
        #expect(CanonicalValue.number(value) == expected)
    }

    /// An unreadable value names its table and column and never quotes the value (row data).
    @Test func unreadableTimestampNamesTheColumnNotTheValue() {
        let error = #expect(throws: DatabaseError.self) {
            try CanonicalValue.text(.text("secret-2025"), of: Self.column("created_at"), in: Self.table)
        }
        #expect(error?.code == .clientError)
        #expect(
            error?.message == """
                tech_trd_documents.created_at holds a value that is not a timestamp (YYYY-MM-DD HH:MM:SS); \
                correct or delete that row, or re-seed with 'seedctl seed --clear'
                """)
        #expect(error?.description.contains("secret") == false)
    }

    @Test func malformedJSONNamesTheColumnNotTheValue() {
        let error = #expect(throws: CanonicalJSON.Malformed.self) {
            try CanonicalValue.text(
                .text(#"{"secret" 1}"#), of: Self.column("validation_report"), in: Self.table)
        }
        #expect(
            error
                == CanonicalJSON.Malformed(
                    expected: "':' after an object key", offset: 10,
                    column: "tech_trd_documents.validation_report"))
        #expect(error?.description.contains("secret") == false)
    }
}
