import Foundation
import SeedKit
import Testing

/// `seedctl explain --suggest` on the default profile: the proposed index is proven on a
/// hypothetical plan, never created, and creating it for real makes the query pass.
@Suite("explain --suggest")
struct ExplainSuggestTests {
    static let catalog = """
        -- name: recent_system_turns
        -- expect: index idx_conversations_role_created
        -- max_ms: 1000
        SELECT id, session_id, created_at
        FROM tech_conversations
        WHERE role = 'system'
        ORDER BY created_at DESC
        LIMIT 20;
        """

    static let statement =
        "CREATE INDEX idx_conversations_role_created ON tech_conversations (role, created_at);"

    @Test(
        "the suggested index passes on a hypothetical plan, is not created, and makes the query pass once created",
        arguments: Backend.allCases)
    func suggestion(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "default"]).status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "suggest-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(Self.catalog.utf8).write(to: file)
        let explain = ["explain", "--runs", "2", "--catalog", file.path]
        let connection = try database.connect()

        if backend == .postgres {
            // Without hypopg: said once, no suggestion, the verdict unchanged.
            let without = try database.run(explain + ["--suggest"])
            #expect(without.status == 1)
            #expect(
                without.stderr.components(separatedBy: "hypopg is not installed").count == 2,
                "\(without.stderr)")
            #expect(!without.stdout.contains("CREATE INDEX"))
            try connection.execute(script: "CREATE EXTENSION hypopg")
        }

        let suggested = try database.run(explain + ["--suggest"])
        #expect(suggested.status == 1, "the query still fails: nothing was created")
        #expect(suggested.stdout.contains(Self.statement), "\(suggested.stdout)")
        #expect(suggested.stdout.contains("-- with idx_conversations_role_created: "), "\(suggested.stdout)")
        let exists =
            backend == .postgres
            ? "SELECT count(*) AS n FROM pg_class WHERE relname = 'idx_conversations_role_created'"
            : "SELECT count(*) AS n FROM sqlite_master WHERE name = 'idx_conversations_role_created'"
        #expect(try connection.query(exists).first?["n"].int == 0, "--suggest never creates the index")

        // The migration body --suggest printed, applied for real.
        let body = suggested.stdout.split(separator: "\n").filter { $0.hasPrefix("CREATE INDEX") }.joined(
            separator: "\n")
        try connection.execute(script: body)
        let after = try database.run(explain + ["--format", "json"])
        #expect(after.status == 0, "\(after.stdout)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        let entry = try #require((json["queries"] as? [[String: Any]])?.first)
        #expect(entry["verdict"] as? String == "pass")
        #expect(entry["index"] as? String == "idx_conversations_role_created")
    }
}
