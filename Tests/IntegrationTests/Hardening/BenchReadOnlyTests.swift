import Foundation
import Testing

@testable import SeedKit

/// `bench` runs catalog queries not marked `-- write` read-only (issue 13, defect 4): a read
/// that writes fails with its name, its catalog line and "mark it `-- write`", on every
/// protocol, directly and through PgBouncer in transaction mode, and changes nothing.
@Suite("bench: reads run read-only (CLI)")
struct BenchReadOnlyTests {
    /// A catalog of reads that write (PostgreSQL: three shapes; SQLite: one), a real read and a
    /// marked write, with the `-- name:` line of each offending query.
    static func catalog(_ backend: Backend) throws -> (file: URL, writers: [String: Int]) {
        var text = """
            -- name: copy_sessions
            -- expect: full scan ok
            -- max_ms: 1000
            CREATE TABLE stolen_sessions AS SELECT id FROM tech_spec_sessions;

            -- name: still_fine
            -- expect: full scan ok
            -- max_ms: 1000
            SELECT count(*) FROM tech_spec_sessions;

            -- name: real_write
            -- write
            -- expect: full scan ok
            -- max_ms: 1000
            UPDATE tech_spec_sessions SET status = status;

            """
        var writers = ["copy_sessions": 1]
        if backend == .postgres {
            text += """

                -- name: select_into
                -- expect: full scan ok
                -- max_ms: 1000
                SELECT * INTO stolen_jobs FROM tech_spec_sessions;

                -- name: bump_sequence
                -- expect: no table read
                -- max_ms: 1000
                SELECT setval('bench_probe_seq', 1000000);

                """
            writers["select_into"] = 17
            writers["bump_sequence"] = 22
        }
        let file = try CLI.temporaryDirectory().appendingPathComponent("catalog.sql")
        try Data(text.utf8).write(to: file)
        return (file, writers)
    }

    @Test(
        "a read that writes fails naming it, its line and '-- write'; nothing changes",
        arguments: Backend.allCases)
    func direct(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let connection = try database.connect()
        if backend == .postgres { try connection.execute(script: "CREATE SEQUENCE bench_probe_seq") }
        let before = try database.digest()
        let (catalog, writers) = try Self.catalog(backend)
        let protocols: [[String]] =
            backend == .postgres ? [[], ["--protocol", "extended"], ["--protocol", "simple"]] : [[]]
        for queryProtocol in protocols {
            try Self.expectRefused(database.url, catalog: catalog, writers: writers, extra: queryProtocol)
        }
        #expect(try database.digest() == before)
        #expect(try !connection.tableExists("stolen_sessions"))
        if backend == .postgres {
            #expect(try !connection.tableExists("stolen_jobs"))
            let value = try connection.query("SELECT last_value FROM bench_probe_seq").first?["last_value"]
                .int
            #expect(value == 1)
        }
    }

    @Test("through PgBouncer in transaction mode, --protocol extended and simple stay read-only")
    func throughPooler() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let connection = try database.connect()
        try connection.execute(script: "CREATE SEQUENCE bench_probe_seq")
        let before = try database.digest()
        let name = try #require(URLComponents(string: database.url)).path.dropFirst()
        let pooler = try PgBouncer(poolMode: "transaction", poolSize: 2)
        let (catalog, writers) = try Self.catalog(.postgres)
        for queryProtocol in ["extended", "simple"] {
            try Self.expectRefused(
                pooler.url(database: String(name)), catalog: catalog, writers: writers,
                extra: ["--protocol", queryProtocol])
        }
        #expect(try database.digest() == before)
        #expect(try !connection.tableExists("stolen_sessions"))
        #expect(try !connection.tableExists("stolen_jobs"))
        #expect(try connection.query("SELECT last_value FROM bench_probe_seq").first?["last_value"].int == 1)
        // The pool's server connections were left writable for everyone else.
        let through = try DatabaseURL(pooler.url(database: String(name))).connect()
        try through.execute(script: "CREATE TABLE after_bench (id int); DROP TABLE after_bench")
    }

    @Test("through PgBouncer a configured read-only default is trusted, a session's SET is not")
    func configuredDefaultThroughPooler() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let name = String(try #require(URLComponents(string: database.url)).path.dropFirst())
        let plain = try PgBouncer(poolMode: "transaction", poolSize: 1)
        let throughPlain = try #require(
            try DatabaseURL(plain.url(database: name)).connect() as? PostgresConnection)
        #expect(try !throughPlain.defaultToReadOnly(), "no default: each read must carry its mark")
        // A client's session SET lands on the pool's one server connection and stays there, but
        // holds on no other: it must not be taken for the database's default.
        try throughPlain.execute(script: "SET default_transaction_read_only = on")
        let other = try #require(try DatabaseURL(plain.url(database: name)).connect() as? PostgresConnection)
        #expect(
            try other.query("SHOW default_transaction_read_only").first?["default_transaction_read_only"]
                .string == "on")
        #expect(try !other.defaultToReadOnly(), "a leaked session SET was trusted")

        try database.connect().execute(
            script: "ALTER DATABASE \"\(name)\" SET default_transaction_read_only = on")
        let configured = try PgBouncer(poolMode: "transaction", poolSize: 1)
        let throughConfigured = try #require(
            try DatabaseURL(configured.url(database: name)).connect() as? PostgresConnection)
        #expect(try throughConfigured.defaultToReadOnly(), "the database's own default was not trusted")
        // Trusted, not assumed: a read that writes still fails read-only, the data unchanged.
        let before = try database.digest()
        let (catalog, writers) = try Self.catalog(.postgres)
        try database.connect().execute(
            script: "BEGIN READ WRITE; CREATE SEQUENCE bench_probe_seq; COMMIT")
        try Self.expectRefused(
            configured.url(database: name), catalog: catalog, writers: writers,
            extra: ["--protocol", "extended"])
        #expect(try database.digest() == before)
    }

    /// Runs the catalog and expects every offending read to fail read-only, the others not at all.
    static func expectRefused(
        _ url: String, catalog: URL, writers: [String: Int], extra: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let output = BenchJSONFile()
        let result = try CLI.run(
            [
                "bench", "--catalog", catalog.path, "--clients", "2", "--connections", "2", "--warmup", "0s",
                "--transactions", "200", "--json", output.path, "--database-url", url,
            ] + extra, in: Repository.root)
        #expect(result.status == 6, "\(extra): \(result.output)", sourceLocation: sourceLocation)
        let first = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("writes but is not marked") },
            "\(extra): \(result.stdout)", sourceLocation: sourceLocation)
        let named = writers.first { first.contains("'\($0.key)' (\(catalog.path):\($0.value))") }
        #expect(named != nil, "\(first)", sourceLocation: sourceLocation)
        #expect(first.contains("mark it `-- write`"), sourceLocation: sourceLocation)
        let queries = try #require(try output.result()["queries"] as? [String: [String: Any]])
        for (name, figures) in queries {
            let errors = figures["errors"] as? Int ?? -1
            if writers[name] != nil {
                #expect(
                    errors > 0 && figures["requests"] as? Int == 0, "\(extra) \(name): \(figures)",
                    sourceLocation: sourceLocation)
            } else {
                #expect(errors == 0, "\(extra) \(name): \(figures)", sourceLocation: sourceLocation)
            }
        }
    }
}
