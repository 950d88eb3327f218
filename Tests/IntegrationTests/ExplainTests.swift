import Foundation
import Testing

@testable import SeedKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `seedctl explain` and `seedctl setup` on real databases.
@Suite("explain")
struct ExplainTests {
    private func explain(_ database: TestDatabase, _ arguments: [String]) throws -> CLI.Result {
        try database.run(["explain", "--runs", "2"] + arguments)
    }

    private func queries(_ result: CLI.Result) throws -> [[String: Any]] {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(json["queries"] as? [[String: Any]])
    }

    /// The dataset digest `seedctl verify --format json` prints.
    private func digest(_ database: TestDatabase) throws -> String {
        let result = try database.run(["verify", "--format", "json"])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "\(result.stderr)")
        return try #require(json["digest"] as? String)
    }

    @Test(
        "on the default profile every query passes with its index, writes leave the digest unchanged; dropping an index fails that query",
        arguments: Backend.allCases)
    func defaultProfile(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "default"]).status == 0)
        let before = try digest(database)
        let result = try explain(database, ["--format", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try digest(database) == before, "seedctl explain changed the dataset")
        let catalog = try CatalogParser.load(
            contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
        #expect(catalog.count == 21 && catalog.filter(\.isWrite).count == 5)
        let reported = try queries(result)
        #expect(reported.count == catalog.count)
        for query in catalog {
            let entry = try #require(reported.first { $0["name"] as? String == query.name })
            #expect(entry["verdict"] as? String == "pass", "\(query.name): \(entry["message"] ?? "")")
            if case .index(let names) = query.expectation {
                #expect(
                    names.contains(entry["index"] as? String ?? ""),
                    "\(query.name) used \(entry["index"] ?? "no index")")
            }
            #expect(entry["p95Ms"] is Double)
            // SQLite has no plan rows at all for a plain INSERT … VALUES.
            if backend == .postgres || query.expectation != .noTableRead {
                #expect(!(entry["nodeTypes"] as? [String] ?? []).isEmpty, "\(query.name)")
            }
        }

        // Live: an index that only supplies the ORDER BY while the WHERE runs unindexed fails.
        let orderOnlyCatalog = FileManager.default.temporaryDirectory.appendingPathComponent(
            "order-only-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: orderOnlyCatalog) }
        try Data(
            """
            -- name: system_turns_in_order
            -- expect: index idx_conversation_session_timestamp
            -- max_ms: 1000
            SELECT id FROM tech_conversations WHERE role = 'system' ORDER BY session_id, created_at LIMIT 20;
            """.utf8
        ).write(to: orderOnlyCatalog)
        let orderOnly = try explain(database, ["--catalog", orderOnlyCatalog.path, "--format", "json"])
        #expect(orderOnly.status == 1, "\(orderOnly.stdout)")
        let entry = try #require(try queries(orderOnly).first)
        #expect(entry["verdict"] as? String == "fail")
        #expect(
            (entry["message"] as? String ?? "").contains("idx_conversation_session_timestamp"), "\(entry)")

        try database.connect().execute(script: "DROP INDEX idx_session_status_created")
        let broken = try explain(
            database, ["--only", "sessions_by_status", "--only", "session_by_id", "--format", "json"])
        #expect(broken.status == 1)
        let scan = backend == .postgres ? "Seq Scan on tech_spec_sessions" : "SCAN tech_spec_sessions"
        // Verdicts, not the pass count: a loaded machine may put a 5 ms budget over.
        let verdicts = try queries(broken)
        let byStatus = try #require(verdicts.first { $0["name"] as? String == "sessions_by_status" })
        #expect(byStatus["verdict"] as? String == "fail")
        #expect((byStatus["message"] as? String ?? "").contains(scan), "\(byStatus)")
        let byID = try #require(verdicts.first { $0["name"] as? String == "session_by_id" })
        #expect(byID["verdict"] as? String == "pass")
    }

    @Test("PostgreSQL's sequential scans on the fixture are 'small table' verdicts with row counts")
    func smallTables() throws {
        let database = try TestDatabase.migrated(.postgres)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let result = try explain(database, ["--format", "json"])
        #expect(result.status == 0)
        let small = try queries(result).filter { $0["verdict"] as? String == "small table" }
        #expect(!small.isEmpty)
        for entry in small {
            let message = entry["message"] as? String ?? ""
            #expect(message.contains("rows)") && message.contains("seed a larger profile"), "\(message)")
        }
        #expect(try explain(database, ["--strict"]).status == 1)
    }

    @Test(
        "--format junit is JUnit XML with one testcase per query; --show-plan keeps --format json one document",
        arguments: Backend.allCases)
    func junit(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let result = try explain(database, ["--format", "junit"])
        let parser = XMLParser(data: Data(result.stdout.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed XML")
        #expect(counter.names.first == "testsuite")
        let catalog = try CatalogParser.load(
            contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
        #expect(counter.names.filter { $0 == "testcase" }.count == catalog.count)

        // --show-plan with --format json: stdout is one JSON document, the plan inside it.
        let shown = try explain(database, ["--show-plan", "session_by_id", "--format", "json"])
        let entry = try #require(try queries(shown).first)
        #expect(entry["name"] as? String == "session_by_id")
        #expect((entry["plan"] as? String ?? "").contains("tech_spec_sessions"), "\(entry)")
    }

    @Test("an unmigrated or unseeded database is one line and exit 5", arguments: Backend.allCases)
    func notReady(backend: Backend) throws {
        let empty = try TestDatabase(backend)
        let unmigrated = try explain(empty, [])
        // A SQLite file that does not exist is not created, so there is nothing to be unready.
        #expect(unmigrated.status == (backend == .sqlite ? 2 : 5))
        #expect(unmigrated.stderr.contains("seedctl migrate"))
        let migrated = try TestDatabase.migrated(backend)
        let unseeded = try explain(migrated, [])
        #expect(unseeded.status == 5)
        #expect(unseeded.stderr.contains("seedctl seed"))
        #expect(unseeded.stderr.split(separator: "\n").count == 1)
    }

    @Test(
        "a syntax error is an 'error' verdict at FILE:LINE:COLUMN of the server's position, and the run goes on",
        arguments: Backend.allCases)
    func syntaxError(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let catalog = FileManager.default.temporaryDirectory.appendingPathComponent(
            "typo-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: catalog) }
        // Line 14, column 22 is "status" after ORDER; :id is $1 in the SQL sent, a comment line
        // and the block's other lines are not, so the position must be mapped back.
        try Data(
            """
            -- name: first_ok
            -- expect: index tech_spec_sessions_pkey
            -- max_ms: 1000
            -- param id: sample tech_spec_sessions.id
            SELECT id FROM tech_spec_sessions WHERE id = :id;

            -- name: typo
            -- expect: any index
            -- max_ms: 1000
            -- param id: sample tech_spec_sessions.id
            SELECT id, status
            FROM tech_spec_sessions
              -- a comment line inside the block
            WHERE id = :id ORDER status;

            -- name: last_ok
            -- expect: full scan ok
            -- max_ms: 1000
            SELECT count(*) FROM tech_spec_sessions;
            """.utf8
        ).write(to: catalog)
        let result = try explain(database, ["--catalog", catalog.path, "--format", "json"])
        #expect(result.status == 1)
        let reported = try queries(result)
        #expect(reported.map { $0["name"] as? String } == ["first_ok", "typo", "last_ok"])
        #expect(reported[1]["verdict"] as? String == "error")
        #expect(reported[2]["verdict"] as? String == "pass")
        // On the fixture's 10 sessions PostgreSQL may scan rather than search.
        #expect(["pass", "small table"].contains(reported[0]["verdict"] as? String ?? ""))
        let message = reported[1]["message"] as? String ?? ""
        #expect(message.hasPrefix("\(catalog.path):14:22: "), "\(message)")
        #expect(message.contains("syntax error"))
    }

    @Test("setup migrates, seeds, verifies and explains a fresh embedded database")
    func setup() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(
            [
                "setup", "--profile", "fixture", "--migrations", Repository.migrations, "--seeds",
                Repository.seeds,
            ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Applied 3 migration(s)"))
        #expect(result.stdout.contains("digest "))
        #expect(result.stdout.contains("21 of 21 queries pass"), "\(result.stdout)")
        let again = try CLI.run(
            [
                "setup", "--profile", "fixture", "--migrations", Repository.migrations, "--seeds",
                Repository.seeds,
            ], in: directory)
        #expect(again.status == 5, "seeding twice without --clear must stop setup")
    }
}

/// Explain runs catalog writes, and its plans execute them on PostgreSQL: none may stay.
@Suite("explain leaves the dataset unchanged")
struct ExplainWriteTests {
    @Test(
        "a rolled-back transaction undoes its writes whether its body returns or fails",
        arguments: Backend.allCases)
    func rolledBackTransaction(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        let connection = try database.connect()
        let table = backend == .sqlite ? "shared_design_jobs" : "shared.design_jobs"
        let insert =
            "INSERT INTO \(table) (id, project_id, title, created_at, updated_at) VALUES ($1, $2, 'job', $3, $3)"
        let job: [SQLValue] = [
            .text("11111111-1111-4111-8111-111111111111"), .text("22222222-2222-4222-8222-222222222222"),
            .text("2026-01-01T00:00:00.000000Z"),
        ]
        func jobs(_ connection: any Connection) throws -> Int64 {
            try #require(try connection.query("SELECT count(*) AS n FROM \(table)").first?["n"].int)
        }

        let returned = try connection.rolledBackTransaction {
            try connection.query(insert, job)
            return try jobs(connection)
        }
        #expect(returned == 1, "the body sees its own insert")
        #expect(try jobs(connection) == 0)

        #expect(throws: DatabaseError.self) {
            try connection.rolledBackTransaction {
                try connection.query(insert, job)
                try connection.query(insert, job)  // the same id twice: a unique violation
            }
        }
        #expect(try jobs(connection) == 0)
        // Nothing is left open: no aborted PostgreSQL transaction, no SQLite write lock.
        let other = try database.connect()
        try other.transaction { _ = try other.query(insert, job) }
        #expect(try jobs(connection) == 1)
    }

    @Test("a write that fails in explain names its block and changes nothing", arguments: Backend.allCases)
    func failingWrite(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let before = try database.digest()
        let catalog = FileManager.default.temporaryDirectory.appendingPathComponent(
            "failing-write-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: catalog) }
        try Data(
            """
            -- name: progress_past_done
            -- write
            -- expect: index tech_spec_sessions_pkey
            -- max_ms: 1000
            -- param id: sample tech_spec_sessions.id
            UPDATE tech_spec_sessions SET progress_percentage = progress_percentage + 101 WHERE id = :id;
            """.utf8
        ).write(to: catalog)
        let result = try database.run([
            "explain", "--runs", "2", "--catalog", catalog.path, "--format", "json",
        ])
        // An 'error' verdict that fails the run, at the line of the failing statement; the run goes on.
        #expect(result.status == 1)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let entry = try #require((json["queries"] as? [[String: Any]])?.first)
        #expect(entry["verdict"] as? String == "error")
        // A constraint violation has no position in the SQL: the block's line.
        #expect((entry["message"] as? String ?? "").hasPrefix("\(catalog.path):1: "), "\(entry)")
        #expect(try database.digest() == before)
    }
}

/// Collects element names, in document order.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var names: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        names.append(elementName)
    }
}
