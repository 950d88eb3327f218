import Foundation
import Testing

@testable import SeedKit

/// Issue 13, explain's defects: read queries that write (4), run-time failures, empty catalogs
/// and missing indexes (11), a SQLite file that does not exist (12).
@Suite("explain hardening")
struct ExplainHardeningTests {
    /// Writes `text` to a fresh catalog file and returns its URL.
    private func catalogFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "catalog-\(UUID().uuidString).sql")
        try Data(text.utf8).write(to: url)
        return url
    }

    private func entries(_ result: CLI.Result) throws -> [[String: Any]] {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "\(result.stderr)")
        return try #require(json["queries"] as? [[String: Any]])
    }

    private func seeded(_ backend: Backend) throws -> TestDatabase {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        return database
    }

    @Test(
        "a read query that writes fails with its name, its line and 'mark it -- write'; nothing changes",
        arguments: Backend.allCases)
    func readQueryThatWrites(backend: Backend) throws {
        let database = try seeded(backend)
        let connection = try database.connect()
        if backend == .postgres {
            try connection.execute(
                script: "CREATE SEQUENCE explain_probe_seq; SELECT nextval('explain_probe_seq')")
        }
        let before = try database.digest()
        // Line numbers: each block is five lines (four header/SQL lines and a blank one).
        var text = """
            -- name: copy_sessions
            -- expect: full scan ok
            -- max_ms: 1000
            CREATE TABLE stolen_sessions AS SELECT * FROM tech_spec_sessions;

            -- name: still_fine
            -- expect: full scan ok
            -- max_ms: 1000
            SELECT count(*) FROM tech_spec_sessions;

            -- name: real_write
            -- write
            -- expect: index tech_spec_sessions_pkey
            -- max_ms: 1000
            -- param id: sample tech_spec_sessions.id
            UPDATE tech_spec_sessions SET status = status WHERE id = :id;

            """
        var writers = [("copy_sessions", 1)]
        if backend == .postgres {
            text += """

                -- name: select_into
                -- expect: full scan ok
                -- max_ms: 1000
                SELECT * INTO stolen_jobs FROM tech_spec_sessions;

                -- name: bump_sequence
                -- expect: no table read
                -- max_ms: 1000
                SELECT setval('explain_probe_seq', 1000000);

                """
            writers += [("select_into", 18), ("bump_sequence", 23)]
        }
        let catalog = try catalogFile(text)
        defer { try? FileManager.default.removeItem(at: catalog) }
        let result = try database.run([
            "explain", "--runs", "2", "--catalog", catalog.path, "--format", "json",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        let reported = try entries(result)
        for (name, line) in writers {
            let entry = try #require(reported.first { $0["name"] as? String == name }, "\(reported)")
            #expect(entry["verdict"] as? String == "error")
            let message = entry["message"] as? String ?? ""
            #expect(message.hasPrefix("\(catalog.path):\(line):"), "\(message)")
            #expect(message.contains("'\(name)'") && message.contains("mark it `-- write`"), "\(message)")
        }
        // The read-only switch is off again for the queries after them.
        let fine = try #require(reported.first { $0["name"] as? String == "still_fine" })
        #expect(fine["verdict"] as? String == "pass")
        let write = try #require(reported.first { $0["name"] as? String == "real_write" })
        #expect(write["verdict"] as? String != "error", "\(write)")

        #expect(try database.digest() == before)
        #expect(try !connection.tableExists("stolen_sessions"))
        if backend == .postgres {
            #expect(try !connection.tableExists("stolen_jobs"))
            let value = try connection.query("SELECT last_value FROM explain_probe_seq").first?["last_value"]
                .int
            #expect(value == 1)
        }
    }

    @Test("a server that goes away mid-run is a database error (exit 2) saying so, not a catalog line")
    func connectionLost() throws {
        let database = try seeded(.postgres)
        let catalog = try catalogFile(
            """
            -- name: fine
            -- expect: full scan ok
            -- max_ms: 1000
            SELECT count(*) FROM tech_spec_sessions;

            -- name: server_goes_away
            -- expect: no table read
            -- max_ms: 1000
            SELECT pg_terminate_backend(pg_backend_pid());

            -- name: never_reached
            -- expect: full scan ok
            -- max_ms: 1000
            SELECT count(*) FROM tech_spec_sessions;
            """)
        defer { try? FileManager.default.removeItem(at: catalog) }
        let result = try database.run(["explain", "--runs", "2", "--catalog", catalog.path])
        #expect(result.status == 2, "\(result.output)")
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(
            last.contains("connection to the database was lost while checking 'server_goes_away'"), "\(last)")
        #expect(last.contains("run 'seedctl explain' again"), "\(last)")
        #expect(!result.output.contains(catalog.path), "\(result.output)")
    }

    @Test("an empty catalog is refused with exit 3, naming the file")
    func emptyCatalog() throws {
        let database = try seeded(.sqlite)
        for text in ["", "-- only a comment\n\n"] {
            let catalog = try catalogFile(text)
            defer { try? FileManager.default.removeItem(at: catalog) }
            let result = try database.run(["explain", "--catalog", catalog.path])
            #expect(result.status == 3, "\(result.output)")
            #expect(
                result.stderr.contains(catalog.path) && result.stderr.contains("no queries"),
                "\(result.stderr)")
        }
    }

    @Test(
        "'-- expect: index no_such_index' says that index does not exist and names the table's indexes",
        arguments: Backend.allCases)
    func missingIndex(backend: Backend) throws {
        let database = try seeded(backend)
        let catalog = try catalogFile(
            """
            -- name: wrong_index
            -- expect: index no_such_index
            -- max_ms: 1000
            -- param id: sample tech_spec_sessions.id
            SELECT id FROM tech_spec_sessions WHERE id = :id;
            """)
        defer { try? FileManager.default.removeItem(at: catalog) }
        let result = try database.run([
            "explain", "--runs", "2", "--catalog", catalog.path, "--format", "json",
        ])
        #expect(result.status == 1, "\(result.output)")
        let entry = try #require(try entries(result).first)
        #expect(entry["verdict"] as? String == "fail")
        let message = entry["message"] as? String ?? ""
        #expect(message.contains("'no_such_index'") && message.contains("no such index exists"), "\(message)")
        #expect(message.contains("idx_tech_spec_sessions_design_job_id_status"), "\(message)")
    }

    @Test("explain never creates a SQLite file that does not exist")
    func missingSQLiteFile() throws {
        let database = try TestDatabase(.sqlite)
        let path = String(database.url.dropFirst("sqlite:".count))
        let result = try database.run(["explain"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains(path) && result.stderr.contains("seedctl migrate"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
