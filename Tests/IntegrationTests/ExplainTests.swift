import Foundation
import SeedKit
import Testing

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
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(json["queries"] as? [[String: Any]])
    }

    @Test("on the default profile every query passes with its index; dropping one fails that query", arguments: Backend.allCases)
    func defaultProfile(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "default"]).status == 0)
        let result = try explain(database, ["--format", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        let catalog = try CatalogParser.load(contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
        let reported = try queries(result)
        #expect(reported.count == catalog.count)
        for query in catalog {
            let entry = try #require(reported.first { $0["name"] as? String == query.name })
            #expect(entry["verdict"] as? String == "pass", "\(query.name): \(entry["message"] ?? "")")
            if case .index(let names) = query.expectation {
                #expect(names.contains(entry["index"] as? String ?? ""), "\(query.name) used \(entry["index"] ?? "no index")")
            }
            #expect(entry["p95Ms"] is Double && !(entry["nodeTypes"] as? [String] ?? []).isEmpty)
        }

        // Live: an index that only supplies the ORDER BY while the WHERE runs unindexed fails.
        let orderOnlyCatalog = FileManager.default.temporaryDirectory.appendingPathComponent("order-only-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: orderOnlyCatalog) }
        try Data("""
            -- name: system_turns_in_order
            -- expect: index idx_conversation_session_timestamp
            -- max_ms: 1000
            SELECT id FROM tech_conversations WHERE role = 'system' ORDER BY session_id, created_at LIMIT 20;
            """.utf8).write(to: orderOnlyCatalog)
        let orderOnly = try explain(database, ["--catalog", orderOnlyCatalog.path, "--format", "json"])
        #expect(orderOnly.status == 1, "\(orderOnly.stdout)")
        let entry = try #require(try queries(orderOnly).first)
        #expect(entry["verdict"] as? String == "fail")
        #expect((entry["message"] as? String ?? "").contains("idx_conversation_session_timestamp"), "\(entry)")

        try database.connect().execute(script: "DROP INDEX idx_session_status_created")
        let broken = try explain(database, ["--only", "sessions_by_status", "--only", "session_by_id"])
        #expect(broken.status == 1)
        let scan = backend == .postgres ? "Seq Scan on tech_spec_sessions" : "SCAN tech_spec_sessions"
        #expect(broken.stdout.contains(scan), "\(broken.stdout)")
        #expect(broken.stdout.contains("1 of 2 queries pass"))
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

    @Test("--format junit is JUnit XML with one testcase per query", arguments: Backend.allCases)
    func junit(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let result = try explain(database, ["--format", "junit"])
        let parser = XMLParser(data: Data(result.stdout.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed XML")
        #expect(counter.names.first == "testsuite")
        #expect(counter.names.filter { $0 == "testcase" }.count == 16)
    }

    @Test("an unmigrated or unseeded database is one line and exit 5", arguments: Backend.allCases)
    func notReady(backend: Backend) throws {
        let empty = try TestDatabase(backend)
        let unmigrated = try explain(empty, [])
        #expect(unmigrated.status == 5)
        #expect(unmigrated.stderr.contains("seedctl migrate"))
        let migrated = try TestDatabase.migrated(backend)
        let unseeded = try explain(migrated, [])
        #expect(unseeded.status == 5)
        #expect(unseeded.stderr.contains("seedctl seed"))
        #expect(unseeded.stderr.split(separator: "\n").count == 1)
    }

    @Test("setup migrates, seeds, verifies and explains a fresh embedded database")
    func setup() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(
            ["setup", "--profile", "fixture", "--migrations", Repository.migrations, "--seeds", Repository.seeds], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Applied 3 migration(s)"))
        #expect(result.stdout.contains("digest "))
        #expect(result.stdout.contains("16 of 16 queries pass"))
        let again = try CLI.run(
            ["setup", "--profile", "fixture", "--migrations", Repository.migrations, "--seeds", Repository.seeds], in: directory)
        #expect(again.status == 5, "seeding twice without --clear must stop setup")
    }
}

/// Collects element names, in document order.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var names: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        names.append(elementName)
    }
}
