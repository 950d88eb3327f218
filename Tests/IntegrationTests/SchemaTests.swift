import Foundation
import Testing

@testable import SeedKit

/// The migrated schema: tables, foreign keys, indexes and the Wilson score column.
@Suite("schema")
struct SchemaTests {
    static let tables = [
        "shared.design_jobs", "shared.design_outputs", "shared.design_decisions", "tech_spec_sessions",
        "tech_research", "tech_conversations", "tech_trd_documents", "tech_error_logs", "patterns",
    ]
    static let indexes = [
        "idx_session_status_created", "ix_tech_research_session_id", "idx_conversation_session_timestamp",
        "idx_patterns_wilson", "idx_patterns_category_wilson", "idx_trd_session_version",
        "idx_tech_error_logs_created_at_unrecovered", "idx_tech_spec_sessions_design_job_id_status",
    ]

    private func migrated(_ backend: Backend) throws -> (TestDatabase, any Connection) {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        try Migrator(
            source: try MigrationSource(directory: MigrationsFolder.repository), connection: connection
        ).migrate()
        return (database, connection)
    }

    @Test("every table and catalog index exists", arguments: Backend.allCases)
    func tablesAndIndexes(backend: Backend) throws {
        let (database, connection) = try migrated(backend)
        _ = database
        for table in Self.tables {
            #expect(try connection.tableExists(connection.dialect.tableName(table)), "missing \(table)")
        }
        let indexQuery =
            backend == .postgres
            ? "SELECT indexname AS name FROM pg_indexes WHERE schemaname IN ('public', 'shared')"
            : "SELECT name FROM sqlite_master WHERE type = 'index'"
        let present = Set(try connection.query(indexQuery).compactMap { $0["name"].string })
        #expect(
            present.isSuperset(of: Self.indexes),
            "missing: \(Set(Self.indexes).subtracting(present).sorted())")
    }

    @Test(
        "sessions point into shared.design_jobs; a dangling reference is refused", arguments: Backend.allCases
    )
    func crossSchemaForeignKey(backend: Backend) throws {
        let (database, connection) = try migrated(backend)
        _ = database
        let referenced: [String]
        if backend == .postgres {
            referenced = try connection.query(
                """
                SELECT confrelid::regclass::text AS target FROM pg_constraint
                WHERE conrelid = 'tech_spec_sessions'::regclass AND contype = 'f'
                """
            ).compactMap { $0["target"].string }
        } else {
            referenced = try connection.query(
                "SELECT \"table\" AS target FROM pragma_foreign_key_list('tech_spec_sessions')"
            )
            .compactMap { $0["target"].string }
        }
        #expect(referenced == [connection.dialect.tableName("shared.design_jobs")])
        let insert = """
            INSERT INTO tech_spec_sessions (id, design_job_id, project_id, status, current_stage, progress_percentage, created_at, updated_at)
            VALUES ($1, $2, $3, 'pending', 'research', 0, $4, $4)
            """
        let error = try #require(throws: DatabaseError.self) {
            try connection.query(
                insert,
                [
                    "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                    "00000000-0000-4000-8000-000000000003", "2026-01-01T00:00:00.000000Z",
                ])
        }
        #expect(error.code == (backend == .postgres ? .foreignKeyViolation : .sqlite("CONSTRAINT")))
    }

    @Test("wilson_score is a stored generated column equal to the formula", arguments: Backend.allCases)
    func wilsonScore(backend: Backend) throws {
        let (database, connection) = try migrated(backend)
        _ = database
        let cases: [(usage: Int64, success: Int64)] = [(100, 80), (0, 0), (10, 10), (1, 1), (50, 0), (7, 3)]
        for (index, sample) in cases.enumerated() {
            try connection.query(
                """
                INSERT INTO patterns (id, category, title, usage_count, success_count, key_insight, when_to_use,
                                      common_pitfalls, created_at, updated_at)
                VALUES ($1, 'TESTING', 'A pattern', $2, $3, 'insight', 'always', '["none"]', $4, $4)
                """,
                [
                    .text("PAT:TESTING:CASE_\(index)"), .integer(sample.usage), .integer(sample.success),
                    "2026-01-01T00:00:00.000000Z",
                ])
        }
        let rows = try connection.query("SELECT usage_count, success_count, wilson_score FROM patterns")
        #expect(rows.count == cases.count)
        for row in rows {
            let usage = try #require(row["usage_count"].double)
            let success = try #require(row["success_count"].double)
            let stored = try #require(row["wilson_score"].double)
            #expect(
                abs(stored - Self.wilson(success: success, usage: usage)) < 1e-9,
                "usage \(usage) success \(success)")
        }
        #expect(throws: DatabaseError.self) { try connection.query("UPDATE patterns SET wilson_score = 1") }
        #expect(throws: DatabaseError.self) {
            try connection.query(
                "UPDATE patterns SET success_count = usage_count + 1 WHERE usage_count = 100")
        }
    }

    /// Wilson score interval lower bound, 95% (z = 1.96); 0 without usage.
    static func wilson(success: Double, usage: Double) -> Double {
        guard usage > 0 else { return 0 }
        let z = 1.96
        let p = success / usage
        let centre = p + z * z / (2 * usage)
        let margin = z * ((p * (1 - p) + z * z / (4 * usage)) / usage).squareRoot()
        return (centre - margin) / (1 + z * z / usage)
    }
}
