import Foundation
import Testing

/// `bench` behind a real PgBouncer (issue 13, defect 14).
@Suite("bench through PgBouncer")
struct PgBouncerBenchTests {
    @Test("transaction mode: --protocol extended runs without errors; the default fails with the hint")
    func transactionMode() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let name = try #require(URLComponents(string: database.url)).path.dropFirst()
        let pooler = try PgBouncer(poolMode: "transaction", poolSize: 4)
        let url = pooler.url(database: String(name))
        let base = [
            "bench", "--catalog", Repository.seeds + "/catalog.sql", "--clients", "8", "--connections", "8",
            "--warmup", "0s", "--transactions", "400", "--database-url", url,
        ]
        for queryProtocol in ["extended", "simple"] {
            let output = BenchJSONFile()
            let result = try CLI.run(
                base + ["--protocol", queryProtocol, "--json", output.path], in: Repository.root)
            #expect(result.status == 0, "\(queryProtocol): \(result.output)")
            let overall = try #require(try output.result()["overall"] as? [String: Any])
            #expect(overall["errors"] as? Int == 0, "\(queryProtocol): \(overall)")
            #expect(overall["requests"] as? Int == 400)
        }
        let prepared = try CLI.run(base, in: Repository.root)
        #expect(prepared.status == 6, "\(prepared.output)")
        #expect(prepared.stderr.contains("--protocol extended"), "\(prepared.stderr)")
        #expect(
            prepared.stdout.contains("first 42P05 error:") || prepared.stdout.contains("first 26000 error:"))
    }

    @Test("session mode, more connections than the pool: ends with a clear message")
    func sessionModeOverPool() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let name = try #require(URLComponents(string: database.url)).path.dropFirst()
        let pooler = try PgBouncer(poolMode: "session", poolSize: 3)
        let running = try CLI.start(
            [
                "bench", "--catalog", Repository.seeds + "/catalog.sql", "--clients", "6", "--connections",
                "6",
                "--warmup", "0s", "--duration", "3s", "--database-url", pooler.url(database: String(name)),
            ], in: Repository.root)
        let watchdog = DispatchWorkItem { running.process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        defer { watchdog.cancel() }
        let result = try running.finish()
        #expect(result.status == 2, "\(result.output)")
        // The pool of 3 holds bench's set-up connection and two of its six.
        #expect(result.stderr.hasPrefix("seedctl: error: opened 2 of 6 connections"), "\(result.stderr)")
        #expect(result.stderr.contains("lower --connections"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
