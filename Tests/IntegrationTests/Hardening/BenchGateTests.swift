import Foundation
import Testing

/// `bench` as a CI gate: a run that only fails cannot pass (issue 13, defect 2), and a
/// threshold about a query the run does not execute is refused before it starts (defect 11).
@Suite("bench as a gate")
struct BenchGateTests {
    /// A catalog whose only query always fails at run time.
    static func failingCatalog() throws -> URL {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("catalog.sql")
        try """
        -- name: always_fails
        -- expect: no table read
        -- max_ms: 5
        SELECT 1 / (count(*) - count(*)) FROM tech_spec_sessions;
        -- sqlite:
        SELECT json('not json') FROM tech_spec_sessions LIMIT 1;
        """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(
        "every request fails: thresholds over no samples fail, the error rate exits 6",
        arguments: Backend.allCases)
    func allRequestsFail(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let catalog = try Self.failingCatalog()
        let output = BenchJSONFile()
        let base = [
            "bench", "--catalog", catalog.path, "--clients", "2", "--connections", "1", "--warmup", "0s",
            "--duration", "1s",
        ]
        let result = try database.run(base + ["--threshold", "p(95)<50ms", "--json", output.path])
        #expect(result.status == 6, "\(result.output)")
        #expect(result.stdout.contains("p(95)<50ms: no successful requests ✗"), "\(result.stdout)")
        let line = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.hasPrefix("seedctl: error: 100% of requests failed"), "\(result.stderr)")
        #expect(line.contains("--max-error-rate 1%"))
        let thresholds = try #require(try output.contents()["thresholds"] as? [[String: String]])
        #expect(thresholds.map { $0["passed"] } == ["false", "false"], "\(thresholds)")

        let allowed = try database.run(base + ["--max-error-rate", "100%"])
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(!allowed.stderr.contains("error:"))
    }

    @Test("a run with no errors passes the default error rate", arguments: [Backend.sqlite])
    func noErrorsPass(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let result = try database.run([
            "bench", "--query", "session_by_id", "--clients", "2", "--connections", "1", "--warmup", "0s",
            "--transactions", "50", "--max-error-rate", "0%",
        ])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("a threshold naming a query the run does not execute is refused before it starts")
    func unknownQueryThreshold() throws {
        let database = try TestDatabase.seededFixture(.sqlite)
        let before = try database.digest()
        let result = try database.run([
            "bench", "--duration", "30s", "--warmup", "0s", "--threshold", "no_such_query:p(95)<5ms",
        ])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.hasPrefix("seedctl: error: '--threshold no_such_query:p(95)<5ms' names query"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stdout.contains("clients over"), "no run, no summary")
        #expect(try database.digest() == before)
    }
}
