import Foundation
import Testing

@testable import SeedKit

/// `seedctl migrate` as a user runs it: the built binary, its output and its exit code.
@Suite("seedctl migrate (CLI)")
struct MigrateCLITests {
    private let migrations = MigrationsFolder.repository.path

    @Test("the embedded default migrates design → tech_spec → patterns, then is up to date")
    func embeddedDefault() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try CLI.run(["migrate", "--migrations", migrations], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let order = ["design/0001", "tech_spec/0001", "patterns/0001"].map {
            first.stdout.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("seedctl.db").path))
        let second = try CLI.run(["migrate", "--migrations", migrations], in: directory)
        #expect(second.status == 0)
        #expect(second.stdout.contains("up to date"))
        #expect(!second.stdout.contains("applied "))
    }

    @Test("status --format json lists every migration as applied", arguments: Backend.allCases)
    func statusJSON(backend: Backend) throws {
        let database = try TestDatabase(backend)
        #expect(
            try CLI.run(["migrate", "--database-url", database.url, "--migrations", migrations]).status == 0)
        let status = try CLI.run([
            "migrate", "status", "--format", "json", "--database-url", database.url, "--migrations",
            migrations,
        ])
        #expect(status.status == 0)
        let records = try #require(
            try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        let files = try MigrationSource(directory: MigrationsFolder.repository).plan(for: backend.dialect)
        #expect(records.count == files.count)
        #expect(records.allSatisfy { $0["state"] as? String == "applied" && $0["applied_at"] is String })
        #expect(Set(records.compactMap { $0["module"] as? String }) == ["design", "tech_spec", "patterns"])
    }

    @Test("four concurrent runs all succeed and apply each migration once", arguments: Backend.allCases)
    func concurrentRuns(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let runs = try (0..<4).map { _ in
            try CLI.start(["migrate", "--database-url", database.url, "--migrations", migrations])
        }
        let results = try runs.map { try $0.finish() }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let appliedLines = results.map { $0.stdout.components(separatedBy: "  applied  ").count - 1 }
        let files = try MigrationSource(directory: MigrationsFolder.repository).plan(for: backend.dialect)
        #expect(appliedLines.reduce(0, +) == files.count)
        let ledger = try database.connect().query(
            "SELECT module, version, count(*) AS n FROM seedctl_migrations GROUP BY module, version")
        #expect(ledger.count == files.count)
        #expect(ledger.allSatisfy { $0["n"].int == 1 })
    }

    @Test("an edited applied file makes migrate and validate fail, naming it", arguments: Backend.allCases)
    func drift(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try MigrationsFolder()
        let base = ["--database-url", database.url, "--migrations", folder.path]
        #expect(try CLI.run(["migrate"] + base).status == 0)
        #expect(try CLI.run(["migrate", "validate"] + base).status == 0)
        try folder.prepend(
            backend.dialect, module: "tech_spec", file: "0001_create_tech_spec_tables.sql", "-- tweak\n")
        let pending = "-- would be applied if drift were ignored\nCREATE TABLE after_drift (id integer);\n"
        for dialect in Dialect.allCases {
            try folder.write(dialect, module: "patterns", file: "0002_after_drift.sql", pending)
        }
        let migrate = try CLI.run(["migrate"] + base)
        #expect(migrate.status == 1)
        #expect(migrate.stderr.contains("0001_create_tech_spec_tables.sql"))
        let validate = try CLI.run(["migrate", "validate"] + base)
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("0001_create_tech_spec_tables.sql"))
        #expect(try !database.connect().tableExists("after_drift"))
    }

    @Test("a syntax error on line 4 names the file and line and exits 2", arguments: Backend.allCases)
    func syntaxError(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try MigrationsFolder()
        let sql =
            "-- broken on purpose\nCREATE TABLE fine_so_far (id integer);\n\nCREATE TABLEE oops (id integer);\n"
        for dialect in Dialect.allCases {
            try folder.write(dialect, module: "patterns", file: "0002_typo.sql", sql)
        }
        let result = try CLI.run(["migrate", "--database-url", database.url, "--migrations", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("0002_typo.sql:4:"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let connection = try database.connect()
        #expect(try connection.tableExists("patterns"))
        #expect(try !connection.tableExists("fine_so_far"))
    }

    @Test("a waiting run names the lock holder and gives up after --lock-timeout")
    func lockTimeout() throws {
        let database = try TestDatabase(.postgres)
        let holder = try database.connect()
        try holder.query("SELECT pg_advisory_lock(\(0x7365_6564), 1)")
        let result = try CLI.run([
            "migrate", "--lock-timeout", "1", "--database-url", database.url, "--migrations", migrations,
        ])
        #expect(result.status == 4)
        #expect(result.stderr.contains("waiting for another migration run"))
        #expect(result.stderr.contains("pid"))
        #expect(try !database.connect().tableExists("patterns"))
    }

    @Test("migrate new creates the next file for each dialect")
    func newMigration() throws {
        let folder = try MigrationsFolder()
        let result = try CLI.run([
            "migrate", "new", "tech_spec", "Add session index", "--migrations", folder.path,
        ])
        #expect(result.status == 0)
        for dialect in Dialect.allCases {
            let path = folder.url.appendingPathComponent(
                "\(dialect.rawValue)/tech_spec/0002_add_session_index.sql"
            ).path
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(try CLI.run(["migrate", "new", "nosuch", "x", "--migrations", folder.path]).status == 3)
    }
}
