import Foundation
import Testing

@testable import SeedKit

/// `seedctl bench` when the server misbehaves: a restart mid-run, a stall under `--rate`.
@Suite("bench faults")
struct BenchFaultTests {
    @Test("a PostgreSQL restart mid-run: errors counted by cause, connections replaced, throughput recovers")
    func serverRestart() throws {
        let cluster = try PrivateCluster.seededFixture()
        let url = cluster.url
        let output = BenchJSONFile()
        let running = try CLI.start(
            [
                "bench", "--clients", "8", "--connections", "4", "--warmup", "0s", "--duration", "8s",
                "--json", output.path,
                // Counting lost connections is the point here, not the error rate.
                "--max-error-rate", "100%",
                "--database-url", url,
            ], in: Repository.root)
        Thread.sleep(forTimeInterval: 3)
        try cluster.restart()
        let finished = try running.finish()
        #expect(finished.status == 0, "\(finished.stderr)")
        let figures = try output.result()
        try expectLostConnectionsCounted(in: figures)
        let timeline = try #require(figures["timeline"] as? [[String: Any]])
        let failing = try #require(
            timeline.lastIndex { ($0["errors"] as? Int ?? 0) > 0 }, "no second saw the restart")
        let after = timeline[(failing + 1)...].compactMap { $0["requests"] as? Int }
        #expect(!after.isEmpty && after.allSatisfy { $0 > 0 }, "requests after the restart: \(after)")
        #expect(!finished.stdout.contains(try #require(URLComponents(string: url)?.password)))
    }

    @Test(
        "--rate with the server stalled 2 s by a lock: the stall shows in p99 (latency from the scheduled start)"
    )
    func stallShowsUnderRate() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let output = BenchJSONFile()
        let running = try CLI.start(
            [
                "bench", "--query", "session_by_id", "--rate", "200", "--clients", "50", "--connections", "4",
                "--warmup", "0s",
                "--duration", "5s", "--json", output.path, "--database-url", database.url,
            ], in: Repository.root)
        Thread.sleep(forTimeInterval: 1.5)
        let locker = try database.connect()
        try locker.execute(script: "BEGIN; LOCK TABLE tech_spec_sessions IN ACCESS EXCLUSIVE MODE")
        Thread.sleep(forTimeInterval: 2)
        try locker.execute(script: "COMMIT")
        let finished = try running.finish()
        #expect(finished.status == 0, "\(finished.stderr)")
        let overall = try #require(try output.result()["overall"] as? [String: Any])
        // Requests scheduled during the 2 s stall wait up to 2 s: about 40% of the run, so p99 ≈ 2 s.
        #expect((overall["p99Ms"] as? Double ?? 0) >= 1000, "\(overall)")
        #expect(overall["errors"] as? Int == 0)
    }
}
