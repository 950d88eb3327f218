import Foundation
import Testing

@testable import SeedKit

/// Columns a migration adds to a seeded table: a nullable one gets values by type and name, one
/// with a constant DEFAULT is left to the database, and neither changes the digest; a NOT NULL
/// column without a DEFAULT and without a rule is refused before anything is written, naming it
/// and the spec file to add its rule in.
@Suite("seed: columns added by migrations (CLI)")
struct SeedAddedColumnsCLITests {
    static let addedColumns: [Dialect: String] = [
        .postgres: """
        ALTER TABLE tech_spec_sessions ADD COLUMN note text;
        ALTER TABLE tech_spec_sessions ADD COLUMN priority integer NOT NULL DEFAULT 3;
        """,
        .sqlite: """
        ALTER TABLE tech_spec_sessions ADD COLUMN note TEXT;
        ALTER TABLE tech_spec_sessions ADD COLUMN priority INTEGER NOT NULL DEFAULT 3;
        """,
    ]

    /// SQLite cannot add a NOT NULL column without a DEFAULT: its migration rebuilds the table.
    static let unfillableColumn: [Dialect: String] = [
        .postgres: "ALTER TABLE tech_error_logs ADD COLUMN severity text NOT NULL;\n",
        .sqlite: """
        DROP TABLE tech_error_logs;
        CREATE TABLE tech_error_logs (
            id TEXT NOT NULL, session_id TEXT NOT NULL REFERENCES tech_spec_sessions (id),
            error_type TEXT NOT NULL, message TEXT NOT NULL, recovery_strategy TEXT,
            recovered INTEGER NOT NULL DEFAULT 0, retry_count INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL, severity TEXT NOT NULL
        );
        """,
    ]

    private func migrated(_ backend: Backend, with migrations: [[Dialect: String]]) throws -> TestDatabase {
        let folder = try MigrationsFolder()
        for (index, migration) in migrations.enumerated() {
            for (dialect, sql) in migration {
                try folder.write(dialect, module: "tech_spec", file: "000\(index + 2)_added.sql", sql)
            }
        }
        let database = try TestDatabase(backend)
        let migrated = try database.run(["migrate", "--migrations", folder.path])
        #expect(migrated.status == 0, "\(migrated.output)")
        return database
    }

    @Test(
        "a nullable column (filled) and a NOT NULL one with a DEFAULT: seeded, digest unchanged",
        arguments: Backend.allCases)
    func fillableColumns(backend: Backend) throws {
        let database = try migrated(backend, with: [Self.addedColumns])
        let seeded = try database.run(["seed", "--profile", "fixture", "--seed", "7"])
        #expect(seeded.status == 0, "\(seeded.output)")
        let plain = try TestDatabase.migrated(backend)
        #expect(try plain.run(["seed", "--profile", "fixture", "--seed", "7"]).status == 0)
        #expect(try database.digest() == plain.digest())
        let rows = try database.connect().query(
            "SELECT count(*) AS n, count(note) AS notes, min(priority) AS low, max(priority) AS high "
                + "FROM tech_spec_sessions")
        #expect(rows.first?["n"].int ?? 0 > 0)
        #expect(rows.first?["notes"].int ?? 0 > 0)
        #expect(rows.first?["low"].int == 3 && rows.first?["high"].int == 3)
        #expect(try database.run(["verify"]).status == 0)
    }

    @Test(
        "a NOT NULL column without a DEFAULT: refused by name, exit 3, nothing written",
        arguments: Backend.allCases)
    func unfillableColumn(backend: Backend) throws {
        let database = try migrated(backend, with: [Self.addedColumns, Self.unfillableColumn])
        for jobs in backend == .postgres ? ["1", "2"] : ["1"] {
            let refused = try database.run(["seed", "--profile", "fixture", "--jobs", jobs])
            #expect(refused.status == 3, "\(refused.output)")
            let declared = backend == .postgres ? "text" : "TEXT"
            #expect(
                refused.stderr
                    == "seedctl: error: Seeds/dataset/tech_spec.yml: tech_error_logs.severity (\(declared) NOT NULL, no DEFAULT) "
                    + "has no rule; add one under tables.tech_error_logs.columns, e.g. \"severity: {pick: [a, b]}\" "
                    + "(nothing was written)\n"
            )
        }
        let connection = try database.connect()
        for table in SeedSchema.tables {
            let count = try connection.query(
                "SELECT count(*) AS n FROM \(table.physicalName(connection.dialect))")
            #expect(count.first?["n"].int == 0, "\(table.name)")
        }
        #expect(try !connection.tableExists("seedctl_dataset"))
    }
}
