import Foundation
import SeedKit
import Testing

/// `migrate down`, `baseline`, `resume`, `repair` and the read-only commands, through the CLI.
@Suite("seedctl migrate down, baseline, resume, repair (CLI)")
struct MigrateDownTests {
    private func arguments(_ database: TestDatabase, _ folder: String) -> [String] {
        ["--database-url", database.url, "--migrations", folder]
    }

    @Test(
        "down to zero on a seeded database, then migrate and seed again: same digest",
        arguments: Backend.allCases)
    func downToZeroAndBack(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let base = arguments(database, Repository.migrations)
        #expect(try CLI.run(["migrate"] + base).status == 0)
        #expect(try database.run(["seed", "--profile", "fixture", "--seed", "42"]).status == 0)
        let before = try database.digest()
        let down = try CLI.run(["migrate", "down", "--to", "0"] + base)
        #expect(down.status == 0, "\(down.stderr)")
        let order = ["patterns/0001", "tech_spec/0001", "design/0001"].map {
            down.stdout.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        let connection = try database.connect()
        #expect(try !connection.tableExists(backend.dialect.tableName("shared.design_jobs")))
        #expect(try connection.query("SELECT count(*) AS n FROM seedctl_migrations").first?["n"].int == 0)
        #expect(try CLI.run(["migrate"] + base).status == 0)
        #expect(try database.run(["seed", "--profile", "fixture", "--seed", "42"]).status == 0)
        #expect(try database.digest() == before)
    }

    @Test("the project's own migrations keep the checksums seedctl 0.1.0 recorded")
    func ownMigrationsKeepTheirChecksums() throws {
        let recorded = [
            "postgres/design": "a7805b009fdfda741036e6cfd7681e986c99f9cab980c776510f07da20274869",
            "postgres/patterns": "c604e3370023a0a98647c50c63e5d01e14c621acf0a9d5811450d0a611e09a64",
            "postgres/tech_spec": "b79dc292f7ecbca652e514846891efc7d27908d6081c07d6e9d664230e5bce58",
            "sqlite/design": "cc66e2cd2a277994b45a560bb6b4777173ea6ce30822bd633e70306df4e433b9",
            "sqlite/patterns": "dcf4f2e78f2f27b59b62822190ac5426fae823959f5292f86f8f5bd061db4cc6",
            "sqlite/tech_spec": "4ffb5a1451f88879b007c553f14ae3e2d53036206c1fb01c2e482dfecdee8727",
        ]
        let source = try MigrationSource(directory: MigrationsFolder.repository)
        for dialect in Dialect.allCases {
            for migration in try source.plan(for: dialect) {
                #expect(
                    migration.checksum == recorded["\(dialect.rawValue)/\(migration.module)"],
                    "\(migration.path)")
                #expect(migration.down != nil, "\(migration.path)")
            }
        }
    }

    @Test(
        "down --steps, --dry-run, and the refusal of a migration without a down section",
        arguments: Backend.allCases)
    func downStepsAndRefusal(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_a.sql": "CREATE TABLE a (x int);\n-- seedctl:down\nDROP TABLE a;\n",
                "0002_b.sql": "CREATE TABLE b (x int);\n",
                "0003_c.sql": "-- migrate:up\nCREATE TABLE c (x int);\n-- migrate:down\nDROP TABLE c;\n",
            ])
        let base = arguments(database, folder.path)
        #expect(try CLI.run(["migrate"] + base).status == 0)
        let dry = try CLI.run(["migrate", "down", "--steps", "1", "--dry-run"] + base)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would revert  app/0003_c"))
        let connection = try database.connect()
        #expect(try connection.tableExists("c"))
        let one = try CLI.run(["migrate", "down"] + base)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try !connection.tableExists("c"))
        let refused = try CLI.run(["migrate", "down", "--to", "0"] + base)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("0002_b.sql"))
        #expect(refused.stderr.contains("no down section"))
        #expect(try connection.tableExists("a") && connection.tableExists("b"))
        let unknown = try CLI.run(["migrate", "down", "--to", "app/0042"] + base)
        #expect(unknown.status == 3)
    }

    @Test(
        "baseline adopts an existing schema; status shows it; the rest applies", arguments: Backend.allCases)
    func baseline(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        try connection.execute(script: "CREATE TABLE a (x int); CREATE TABLE b (x int)")
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_a.sql": "CREATE TABLE a (x int);", "0002_b.sql": "CREATE TABLE b (x int);",
                "0003_c.sql": "CREATE TABLE c (x int);",
            ])
        let base = arguments(database, folder.path)
        let adopted = try CLI.run(["migrate", "baseline", "app/0002"] + base)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        let status = try CLI.run(["migrate", "status"] + base)
        #expect(status.stdout.components(separatedBy: "baselined").count - 1 >= 2)
        let rest = try CLI.run(["migrate"] + base)
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(rest.stdout.contains("applied  app/0003_c"))
        #expect(!rest.stdout.contains("app/0001"))
        #expect(try CLI.run(["migrate", "baseline", "app/0099"] + base).status == 3)
    }

    @Test(
        "a half-applied no-transaction file is recorded as failed; migrate refuses; resume finishes it",
        arguments: Backend.allCases)
    func resume(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_t.sql": "CREATE TABLE t (x int);",
                "0002_fill.sql": """
                -- seedctl:no-transaction
                INSERT INTO t VALUES (1);
                INSERT INTO t VALUES (2);
                INSERT INTO missing VALUES (3);
                INSERT INTO t VALUES (4);
                """,
                "0003_after.sql": "CREATE TABLE after (x int);",
            ])
        let base = arguments(database, folder.path)
        let failed = try CLI.run(["migrate"] + base)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("0002_fill.sql:4:1"), "\(failed.stderr)")
        #expect(failed.stderr.contains("migrate resume"))
        let status = try CLI.run(["migrate", "status"] + base)
        #expect(status.stdout.contains("failed at statement 3"), "\(status.stdout)")
        let refused = try CLI.run(["migrate"] + base)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("resume"))
        // Editing a statement that already ran makes resume refuse.
        let fill = "\(backend.rawValue)/app/0002_fill.sql"
        try folder.write(
            fill,
            "-- seedctl:no-transaction\nINSERT INTO t VALUES (10);\nINSERT INTO t VALUES (2);\nCREATE TABLE missing (x int);\nINSERT INTO t VALUES (4);\n"
        )
        #expect(try CLI.run(["migrate", "resume"] + base).status == 1)
        try folder.write(
            fill,
            "-- seedctl:no-transaction\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\nCREATE TABLE missing (x int);\nINSERT INTO t VALUES (4);\n"
        )
        let resumed = try CLI.run(["migrate", "resume"] + base)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let values = try database.connect().query("SELECT x FROM t ORDER BY x").map { $0["x"].int }
        #expect(values == [1, 2, 4])
        #expect(try CLI.run(["migrate"] + base).status == 0)
        #expect(try CLI.run(["migrate", "validate"] + base).status == 0)
        #expect(try CLI.run(["migrate", "resume"] + base).status == 3)
    }

    @Test("repair forgets a failed attempt so that migrate runs the file again", arguments: Backend.allCases)
    func repair(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_t.sql": "CREATE TABLE t (x int);",
                "0002_fill.sql":
                    "-- seedctl:no-transaction\nINSERT INTO t VALUES (1);\nINSERT INTO missing VALUES (2);\n",
            ])
        let base = arguments(database, folder.path)
        #expect(try CLI.run(["migrate"] + base).status == 2)
        #expect(try CLI.run(["migrate", "repair", "app/0001"] + base).status == 3)
        try database.connect().execute(script: "DELETE FROM t; CREATE TABLE missing (x int)")
        let repaired = try CLI.run(["migrate", "repair", "app/0002"] + base)
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(try CLI.run(["migrate"] + base).status == 0)
        #expect(try database.connect().query("SELECT count(*) AS n FROM t").first?["n"].int == 1)
    }

    @Test("status, validate and --dry-run never create a SQLite file")
    func readOnlyCommandsCreateNothing() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("typo.db").path
        let base = ["--database-url", "sqlite:" + path, "--migrations", Repository.migrations]
        #expect(try CLI.run(["migrate", "status"] + base).status == 2)
        #expect(try CLI.run(["migrate", "validate"] + base).status == 2)
        let dry = try CLI.run(["migrate", "--dry-run"] + base)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would be applied"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a held SQLite write lock makes migrate exit 4 after --lock-timeout")
    func sqliteLockTimeout() throws {
        let database = try TestDatabase(.sqlite)
        let holder = try database.connect()
        try holder.execute(script: "BEGIN IMMEDIATE; CREATE TABLE hold (x int)")
        defer { _ = try? holder.execute(script: "ROLLBACK") }
        let result = try CLI.run(
            [
                "migrate", "--lock-timeout", "1", "--database-url", database.url, "--migrations",
                Repository.migrations,
            ])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("lock"))
    }

    @Test("a module declaring one dialect needs no files in the other, and names it when run there")
    func singleDialectModule() throws {
        let database = try TestDatabase(.sqlite)
        let folder = try ScratchMigrations(
            dialects: [.postgres], files: ["0001_a.sql": "CREATE TABLE a (x int);"])
        let result = try CLI.run(["migrate"] + arguments(database, folder.path))
        #expect(result.status == 3)
        #expect(result.stderr.contains("module 'app' has no sqlite migrations"), "\(result.stderr)")
    }
}
