import Foundation
import SeedKit
import Testing

/// `seedctl bench` against real databases.
@Suite("bench")
struct BenchTests {
    private func json(_ path: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    @Test("a fixed number of requests over the whole catalog: per-query figures, JSON, thresholds", arguments: Backend.allCases)
    func catalogRun(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let base = ["bench", "--clients", "8", "--connections", "3", "--warmup", "0s", "--transactions", "400"]
        let result = try database.run(base + ["--threshold", "errors<1%", "--threshold", "p(99)<10s", "--json", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("8 clients over 3 connections"))
        let report = try json(output)
        let figures = try #require(report["result"] as? [String: Any])
        let overall = try #require(figures["overall"] as? [String: Any])
        #expect(overall["requests"] as? Int == 400)
        #expect(overall["errors"] as? Int == 0)
        let queries = try #require(figures["queries"] as? [String: [String: Any]])
        #expect(queries.count >= 10, "the weighted mix should reach most of the 16 queries")
        #expect(queries.values.compactMap { $0["requests"] as? Int }.reduce(0, +) == 400)
        #expect((figures["poolWait"] as? [String: Any])?["p95Ms"] is Double)
        #expect((figures["peakRSSBytes"] as? Int ?? 0) > 0)
        #expect((report["thresholds"] as? [[String: String]])?.allSatisfy { $0["passed"] == "true" } == true)

        let failing = try database.run(base + ["--threshold", "p(99)<0.001ms"])
        #expect(failing.status == 6)
        #expect(failing.stdout.contains("p(99)<0.001ms") && failing.stdout.contains("✗"))
    }

    @Test("many clients over few connections: all served, pool wait recorded apart")
    func manyClients() throws {
        let database = try TestDatabase.migrated(.postgres)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try database.run(
            ["bench", "--clients", "300", "--connections", "4", "--warmup", "0s", "--transactions", "3000", "--json", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try #require(try json(output)["result"] as? [String: Any])
        let overall = try #require(figures["overall"] as? [String: Any])
        #expect(overall["requests"] as? Int == 3000)
        #expect(overall["errors"] as? Int == 0)
        #expect(((figures["poolWait"] as? [String: Any])?["p99Ms"] as? Double ?? 0) > 0)
    }

    @Test("lost connections are counted by cause and replaced; the run finishes")
    func lostConnections() throws {
        let database = try TestDatabase.migrated(.postgres)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let running = try CLI.start(
            ["bench", "--clients", "6", "--connections", "3", "--warmup", "0s", "--duration", "4s", "--json", output.path,
             "--database-url", database.url], in: Repository.root)
        let admin = try database.connect()
        let name = try #require(URLComponents(string: database.url)?.path.dropFirst())
        var terminated = 0
        for _ in 0..<20 where terminated == 0 {
            Thread.sleep(forTimeInterval: 0.25)
            terminated = Int(try admin.query("""
                SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
                WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'seedctl'
                """, [.text(String(name))]).first?["n"].int ?? 0)
        }
        #expect(terminated > 0)
        let result = try running.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try #require(try json(output)["result"] as? [String: Any])
        let overall = try #require(figures["overall"] as? [String: Any])
        let causes = try #require(overall["errorsByCause"] as? [String: Int])
        #expect(causes.keys.contains { $0.hasPrefix("57P") || $0.hasPrefix("08") }, "\(causes)")
        #expect((figures["reconnects"] as? Int ?? 0) > 0)
        #expect((overall["requests"] as? Int ?? 0) > 0)
    }

    @Test("an unseeded database is one line and exit 5", arguments: Backend.allCases)
    func unseeded(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        let result = try database.run(["bench", "--duration", "1s"])
        #expect(result.status == 5)
        #expect(result.stderr.contains("seedctl seed"))
    }
}
