import Foundation
import Testing

@testable import SeedKit

/// SQLite loads skip the CHECKs that hold by construction and evaluate the rest once per table
/// (`SQLiteTableInsert`). A CHECK a migration adds or tightens, which generated rows break, still
/// stops the seed with SQLite's own error, exit 2, nothing written; the schema's own CHECKs split
/// as designed.
@Suite("seed: SQLite CHECKs, by construction or evaluated (CLI)")
struct SeedChecksCLITests {
    private func migrated(adding sql: String) throws -> TestDatabase {
        let folder = try MigrationsFolder()
        try folder.write(.sqlite, module: "tech_spec", file: "0002_checks.sql", sql)
        // This suite is about SQLite; PostgreSQL validates CHECKs itself, per row.
        try folder.write(.postgres, module: "tech_spec", file: "0002_checks.sql", "SELECT 1;\n")
        let database = try TestDatabase(.sqlite)
        let migrated = try database.run(["migrate", "--migrations", folder.path])
        #expect(migrated.status == 0, "\(migrated.output)")
        return database
    }

    @Test(
        "a CHECK the generated rows break stops the seed with SQLite's error, nothing written",
        arguments: [
            ("tech_error_logs", "id GLOB '*Z*'"),  // no generated UUID has a Z
            // A UUID's format on a text column.
            ("tech_error_logs", "message GLOB '????????-????-????-????-????????????'"),
            ("tech_conversations", "id NOT GLOB '*[^0-9A-F-]*'"),  // uppercase UUIDs only
            ("tech_conversations", "role IN ('user', 'agent')"),  // a tightened IN-list
        ])
    func refused(table: String, check: String) throws {
        let database = try migrated(adding: "ALTER TABLE \(table) ADD COLUMN note TEXT CHECK (\(check));\n")
        let seeded = try database.run(["seed", "--profile", "fixture"])
        #expect(seeded.status == 2, "\(seeded.output)")
        #expect(seeded.stderr == "seedctl: error: CHECK constraint failed: \(check) (SQLITE_CONSTRAINT)\n")
        let connection = try database.connect()
        for seededTable in SeedSchema.tables {
            let count = try connection.query(
                "SELECT count(*) AS n FROM \(seededTable.physicalName(.sqlite))")
            #expect(count.first?["n"].int == 0, "\(seededTable.name)")
        }
    }

    @Test("a CHECK the generated rows keep: seeded, digest unchanged")
    func kept() throws {
        let database = try migrated(
            adding: "ALTER TABLE tech_error_logs ADD COLUMN note TEXT CHECK (length(session_id) = 36);\n"
                + "ALTER TABLE tech_conversations ADD COLUMN extra TEXT CHECK (role IN ('user', 'agent', 'system', 'x'));\n"
        )
        #expect(try database.run(["seed", "--profile", "fixture", "--seed", "5"]).status == 0)
        let plain = try TestDatabase.migrated(.sqlite)
        #expect(try plain.run(["seed", "--profile", "fixture", "--seed", "5"]).status == 0)
        #expect(try database.digest() == plain.digest())
    }

    @Test("the schema's own CHECKs: formats hold by construction, the rest are evaluated")
    func ownSchema() throws {
        let connection = try TestDatabase.migrated(.sqlite).connect()
        let formats = ["_id_check", "_project_id_check", "_timestamp_format_check", "_created_at_check"]
        let json = [
            "_options_check", "_metadata_check", "_validation_report_check", "_common_pitfalls_check",
        ]
        var evaluated: [String] = []
        for table in SeedSchema.tables {
            let sql = try connection.query(
                "SELECT sql FROM sqlite_master WHERE name = $1", [.text(table.physicalName(.sqlite))]
            ).first?["sql"].string
            let split = SQLiteCheckSplit(
                SQLiteTableDefinition.checks(in: try #require(sql)), generated: table.columns)
            for check in split.proven {
                let name = try #require(check.name)
                #expect((formats + json).contains { name.hasSuffix($0) }, "\(name) proven")
            }
            evaluated += split.evaluated.compactMap(\.name)
            #expect(!split.proven.isEmpty, "\(table.name)")
        }
        #expect(evaluated.contains("tech_spec_sessions_status_check"))
        #expect(evaluated.contains("patterns_id_format_check"))
        #expect(!evaluated.contains { name in (formats + json).contains { name.hasSuffix($0) } })
    }
}
