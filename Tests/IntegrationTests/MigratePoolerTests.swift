import Foundation
import SeedKit
import Testing

/// `seedctl migrate` through a real PgBouncer in transaction mode (defect 12).
@Suite("migrate through PgBouncer (transaction mode)", .serialized)
struct MigratePoolerTests {
    @Test("4 concurrent migrate × 10 rounds: all exit 0, each migration once, no lock left")
    func concurrentRunsThroughThePooler() throws {
        let bouncer = try PgBouncer()
        let plan = try MigrationSource(directory: MigrationsFolder.repository).plan(for: .postgres)
        for round in 1...10 {
            let database = try TestDatabase(.postgres)
            let pooled = try bouncer.url(for: database.url)
            let runs = try (0..<4).map { _ in
                try CLI.start(["migrate", "--database-url", pooled, "--migrations", Repository.migrations])
            }
            let results = try runs.map { try $0.finish() }
            for result in results { #expect(result.status == 0, "round \(round): \(result.stderr)") }
            let direct = try database.connect()
            let ledger = try direct.query(
                "SELECT module, version, count(*) AS n FROM public.seedctl_migrations GROUP BY module, version"
            )
            #expect(ledger.count == plan.count, "round \(round)")
            #expect(ledger.allSatisfy { $0["n"].int == 1 }, "round \(round)")
            // This round's database only: tests running at the same time hold seedctl's advisory
            // locks in theirs (a lock-timeout test on purpose, parts loads while they stream).
            let locks = try direct.query(
                """
                SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'
                AND classid::bigint = \(0x7365_6564)
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """)
            #expect(locks.first?["n"].int == 0, "round \(round)")
        }
        // A direct run afterwards is not blocked by anything left behind.
        let after = try TestDatabase(.postgres)
        let direct = try CLI.run(
            [
                "migrate", "--lock-timeout", "2", "--database-url", after.url, "--migrations",
                Repository.migrations,
            ])
        #expect(direct.status == 0, "\(direct.stderr)")
    }

    @Test("a no-transaction file is refused through the pooler, with its reason, and never runs")
    func noTransactionRefused() throws {
        let bouncer = try PgBouncer()
        let database = try TestDatabase(.postgres)
        let folder = try ScratchMigrations(
            dialects: [.postgres],
            files: [
                "0001_t.sql": "CREATE TABLE t (a int);",
                "0002_i.sql":
                    "-- seedctl:no-transaction\nINSERT INTO t VALUES (1);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n",
            ])
        let pooled = try bouncer.url(for: database.url)
        for _ in 0..<2 {
            let result = try CLI.run(["migrate", "--database-url", pooled, "--migrations", folder.path])
            #expect(result.status == 3)
            #expect(result.stderr.contains("0002_i.sql"))
            #expect(result.stderr.contains("pooler"))
            #expect(result.stderr.contains("direct or session-mode URL"))
        }
        let direct = try database.connect()
        #expect(try !direct.tableExists("t"))
        #expect(try direct.query("SELECT count(*) AS n FROM public.seedctl_migrations").first?["n"].int == 0)
        let applied = try CLI.run(["migrate", "--database-url", database.url, "--migrations", folder.path])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try direct.query("SELECT count(*) AS n FROM t").first?["n"].int == 1)
    }
}
