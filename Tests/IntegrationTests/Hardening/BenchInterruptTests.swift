import Foundation
import Testing

/// Ctrl-C during `bench` stops cleanly: the summary is printed and `--json`/`--report` are
/// written, marked interrupted; the exit status is 130 (issue 13, defect 11).
@Suite("bench interrupted")
struct BenchInterruptTests {
    @Test("SIGINT mid-run: summary, JSON and HTML report, marked interrupted", arguments: Backend.allCases)
    func interrupted(backend: Backend) throws {
        let database = try TestDatabase.seededFixture(backend)
        let json = BenchJSONFile()
        let report = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: report) }
        let running = try CLI.start(
            [
                "bench", "--query", "session_by_id", "--clients", "2", "--connections", "1", "--warmup", "0s",
                "--duration", "60s", "--progress", "--json", json.path, "--report", report.path,
                "--database-url", database.url,
            ], in: Repository.root)
        // Interrupt once a measured second has been reported.
        let stderr = running.capture.appendingPathComponent("stderr")
        var measuring = false
        for _ in 0..<200 where !measuring {
            Thread.sleep(forTimeInterval: 0.1)
            measuring = (try? String(contentsOf: stderr, encoding: .utf8))?.contains("progress:") == true
        }
        kill(running.process.processIdentifier, SIGINT)
        let result = try running.finish()

        #expect(measuring, "the run reported progress before the interrupt")
        #expect(result.status == 130, "\(result.output)")
        #expect(result.stdout.contains("clients over"), "the summary is printed: \(result.stdout)")
        #expect(result.stdout.contains("stopped early: interrupted (SIGINT)"))
        #expect(result.stderr.contains("seedctl: error: interrupted after"))
        let figures = try json.result()
        #expect(figures["interrupted"] as? Bool == true)
        #expect(((figures["overall"] as? [String: Any])?["requests"] as? Int ?? 0) > 0)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("interrupted (SIGINT)"))
    }
}
