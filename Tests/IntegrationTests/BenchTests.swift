import Foundation
import Testing

@testable import SeedKit

/// `seedctl bench` against real databases.
@Suite("bench")
struct BenchTests {
    @Test(
        "a fixed number of requests over the whole catalog: per-query figures, JSON, thresholds",
        arguments: Backend.allCases)
    func catalogRun(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let output = BenchJSONFile()
        let base = [
            "bench", "--clients", "8", "--connections", "3", "--warmup", "0s", "--transactions", "400",
        ]
        let result = try database.run(
            base + ["--threshold", "errors<1%", "--threshold", "p(99)<10s", "--json", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("8 clients over 3 connections"))
        let report = try output.contents()
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
        let database = try TestDatabase.seededFixture(.postgres)
        let output = BenchJSONFile()
        let result = try database.run(
            [
                "bench", "--clients", "300", "--connections", "4", "--warmup", "0s", "--transactions", "3000",
                "--json", output.path,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try output.result()
        let overall = try #require(figures["overall"] as? [String: Any])
        #expect(overall["requests"] as? Int == 3000)
        #expect(overall["errors"] as? Int == 0)
        #expect(((figures["poolWait"] as? [String: Any])?["p99Ms"] as? Double ?? 0) > 0)
    }

    @Test("--threads shares clients and connections among that many event loops, like pgbench -j")
    func threads() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let output = BenchJSONFile()
        let result = try database.run(
            [
                "bench", "--threads", "3", "--clients", "7", "--connections", "5", "--warmup", "0s",
                "--transactions", "700", "--json", output.path,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try output.result()
        let overall = try #require(figures["overall"] as? [String: Any])
        #expect(overall["requests"] as? Int == 700)
        #expect(overall["errors"] as? Int == 0)
        #expect((figures["settings"] as? [String: Any])?["threads"] as? Int == 3)

        let refused = try database.run(["bench", "--threads", "0", "--transactions", "10"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("'--threads' must be between 1 and 256"), "\(refused.stderr)")
    }

    @Test("lost connections are counted by cause and replaced; the run finishes")
    func lostConnections() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let output = BenchJSONFile()
        let running = try CLI.start(
            [
                "bench", "--clients", "6", "--connections", "3", "--warmup", "0s", "--duration", "4s",
                "--json", output.path,
                // Counting lost connections is the point here, not the error rate.
                "--max-error-rate", "100%",
                "--database-url", database.url,
            ], in: Repository.root)
        let admin = try database.connect()
        let name = try #require(URLComponents(string: database.url)?.path.dropFirst())
        // Wait until the pool's three connections are open, so the ones terminated are the run's
        // own and not a short-lived set-up connection.
        var open = 0
        for _ in 0..<40 where open < 3 {
            Thread.sleep(forTimeInterval: 0.25)
            open = Int(
                try admin.query(
                    """
                    SELECT count(*) AS n FROM pg_stat_activity
                    WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'seedctl'
                    """, [.text(String(name))]
                ).first?["n"].int ?? 0)
        }
        Thread.sleep(forTimeInterval: 0.5)
        let terminated = Int(
            try admin.query(
                """
                SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
                WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'seedctl'
                """, [.text(String(name))]
            ).first?["n"].int ?? 0)
        #expect(terminated > 0)
        let result = try running.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try output.result()
        let overall = try expectLostConnectionsCounted(in: figures)
        #expect((overall["requests"] as? Int ?? 0) > 0)
    }

    @Test(
        "writes run in rolled-back transactions: the dataset is unchanged; --commit-writes keeps them",
        arguments: Backend.allCases)
    func writes(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let before = try database.digest()
        let output = BenchJSONFile()
        let writes = [
            "create_conversation_turn", "update_session_progress", "record_error", "delete_error_log",
            "bulk_insert_error_logs",
        ]
        let base =
            ["bench", "--clients", "4", "--connections", "2", "--warmup", "0s", "--transactions", "200"]
            + writes.flatMap { ["--query", $0] }
        let result = try database.run(base + ["--json", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try database.digest() == before)
        let figures = try output.result()
        #expect((figures["overall"] as? [String: Any])?["errors"] as? Int == 0)
        let ends = try #require(figures["transactionEnds"] as? [String: [String: Any]])
        #expect(ends["rollback"]?["requests"] as? Int == 200)
        #expect(ends["commit"] == nil)
        #expect(Set((figures["queries"] as? [String: Any] ?? [:]).keys) == Set(writes))

        let committed = try database.run(base + ["--commit-writes"])
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(committed.stdout.contains("commit: 200"))
        #expect(try database.digest() != before)
    }

    @Test(
        "--rate paces requests on a schedule; --stages ramps clients; the timeline has a point a second",
        arguments: Backend.allCases)
    func pacing(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let output = BenchJSONFile()
        let paced = try database.run([
            "bench", "--rate", "100", "--clients", "4", "--connections", "2", "--warmup", "0s", "--duration",
            "3s", "--json", output.path,
        ])
        #expect(paced.status == 0, "\(paced.stderr)")
        let figures = try output.result()
        let overall = try #require(figures["overall"] as? [String: Any])
        // 100/s for 3 s is 300 scheduled starts, never more; the last may still run at the end.
        let requests = overall["requests"] as? Int ?? 0
        #expect((240...300).contains(requests), "\(requests) requests")
        #expect((figures["settings"] as? [String: Any])?["rate"] as? Double == 100)
        #expect((figures["timeline"] as? [[String: Any]])?.count == 3)

        let ramped = try database.run([
            "bench", "--stages", "1s:4,1s:8,1s:0", "--connections", "2", "--json", output.path,
        ])
        #expect(ramped.status == 0, "\(ramped.stderr)")
        let stages = try output.result()
        let clients = try #require(
            (stages["timeline"] as? [[String: Any]])?.compactMap { $0["clients"] as? Int })
        #expect(clients == [4, 8, 0], "clients at the end of each second")
        #expect((stages["settings"] as? [String: Any])?["clients"] as? Int == 8)
    }

    @Test("--abort-on-fail stops at the first failing second with exit 6")
    func abortOnFail() throws {
        let database = try TestDatabase.seededFixture(.sqlite)
        let result = try database.run(
            ["bench", "--duration", "60s", "--warmup", "0s", "--threshold", "max<0.001ms", "--abort-on-fail"])
        #expect(result.status == 6)
        #expect(result.stdout.contains("stopped early: threshold max<0.001ms"))
        let seconds = try #require(
            result.stdout.firstMatch(of: /for (\d+\.\d) s on/).map { Double($0.1) ?? 0 })
        #expect(seconds < 60, "the run should stop long before its 60 s")
    }

    @Test("an unseeded database is one line and exit 5", arguments: Backend.allCases)
    func unseeded(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        let result = try database.run(["bench", "--duration", "1s"])
        #expect(result.status == 5)
        #expect(result.stderr.contains("seedctl seed"))
    }
}
