import Foundation
import FoundationXML
import Testing

@testable import SeedKit

@Suite("bench --history, bench history and bench trend")
struct BenchTrendTests {
    static let queries = ["--query", "conversation_page", "--query", "session_by_id"]

    /// Every `<svg>…</svg>` of `html`, each parsed as XML (SVG is XML, so a broken chart fails here).
    static func charts(in html: String) -> [String] {
        html.components(separatedBy: "<svg").dropFirst().map {
            "<svg" + ($0.components(separatedBy: "</svg>").first ?? "") + "</svg>"
        }
    }

    @Test func flagsTheQueryADroppedIndexSlowedAndExits6() throws {
        // The default profile: 100,000 conversations, so reading a session's page without its
        // index is a sequential scan, far slower than any noise.
        let database = try TestDatabase.migrated(.postgres)
        try #require(try database.run(["seed", "--profile", "default"]).status == 0)
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = folder.appendingPathComponent("history.db").path
        func bench(_ label: String) throws {
            let run = try database.run(
                ["bench", "--clients", "2", "--connections", "2", "--warmup", "0s", "--transactions", "400"]
                    + Self.queries + ["--history", history, "--label", label])
            #expect(run.status == 0, "\(run.output)")
        }
        for index in 1...4 { try bench("run \(index)") }
        try database.connect().execute(script: "DROP INDEX idx_conversation_session_timestamp")
        try bench("without the index")

        let list = try CLI.run(["bench", "history", "--history", history, "--format", "json"])
        #expect(list.status == 0, "\(list.output)")
        let runs = try #require(
            try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(
            runs.map { $0["label"] as? String } == ["run 1", "run 2", "run 3", "run 4", "without the index"])
        #expect(runs.allSatisfy { ($0["server"] as? String)?.hasPrefix("PostgreSQL") == true })
        let queries = try #require(runs.last?["queries"] as? [String: [String: Any]])
        #expect(Set(queries.keys) == ["conversation_page", "session_by_id"])
        #expect(queries.values.allSatisfy { ($0["histogram"] as? String)?.isEmpty == false })

        let report = folder.appendingPathComponent("trend.html").path
        let trend = try CLI.run(["bench", "trend", "--history", history, "--report", report, "--last", "4"])
        #expect(trend.status == 6, "\(trend.output)")
        #expect(trend.stdout.contains("against the median of the 4 run(s) before it"), "\(trend.stdout)")
        let flagged = trend.stdout.split(separator: "\n").filter { $0.hasPrefix("regression ") }
        #expect(
            flagged.contains { $0.hasPrefix("regression conversation_page p50") }, "\(trend.stdout)")
        #expect(flagged.contains { $0.hasPrefix("regression conversation_page p95") }, "\(trend.stdout)")

        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(
            html.components(separatedBy: "<section").count == html.components(separatedBy: "</section>").count
        )
        let sections = html.components(separatedBy: "<section class=\"query\"").dropFirst()
        #expect(sections.count == 3, "all queries, then one section per query")
        for (section, name) in zip(sections, ["", "conversation_page", "session_by_id"]) {
            #expect(section.hasPrefix(" data-query=\"\(name)\""))
            let charts = Self.charts(in: section.components(separatedBy: "</section>").first ?? "")
            #expect(charts.count == 1, "one chart per query: \(name)")
            for chart in charts {
                #expect(XMLParser(data: Data(chart.utf8)).parse(), "the chart of \(name) is well-formed XML")
                #expect(chart.contains(">p50<") && chart.contains(">p95<") && chart.contains(">p99<"))
                #expect(chart.contains("throughput"))
            }
        }
        #expect(html.contains("conversation_page p50"))
    }

    @Test func refusesAHistoryThatDoesNotExist() throws {
        let result = try CLI.run(["bench", "trend", "--history", "/nonexistent/h.db"])
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stderr.contains("holds no bench history yet"))
    }
}
