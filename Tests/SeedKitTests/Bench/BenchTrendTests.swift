import Foundation
import Testing

@testable import SeedKit

struct BenchTrendTests {
    /// A history run whose query `q` had `p95` ms (and p50/p99 alike) and `tps`.
    static func run(_ index: Int, p95: Double, tps: Double = 1000) -> BenchHistoryRun {
        let json = """
            {"requests": 1000, "errors": 0, "tps": \(tps), "p50Ms": \(p95), "p95Ms": \(p95), "p99Ms": \(p95),
             "maxMs": \(p95)}
            """
        let figures = (try? JSONDecoder().decode(BenchHistoryRun.Figures.self, from: Data(json.utf8)))
        return BenchHistoryRun(
            id: "\(index)", at: "2026-11-30T10:00:0\(index).000Z", label: "r\(index)", commit: nil,
            server: "PostgreSQL",
            target: "t", settings: BenchSettings(), seconds: 1, overall: figures!, queries: ["q": figures!])
    }

    @Test func comparesTheLatestWithTheMedianOfTheWindow() throws {
        // An outlier (9 ms) in the window moves the mean, not the median.
        let runs = [1.0, 9, 1.1, 0.9, 1.0, 1.5].enumerated().map { Self.run($0, p95: $1) }
        let trend = BenchTrend(runs: runs, window: 4, tolerance: 0.10)
        let p95 = try #require(trend.rows.first { $0.query == "q" && $0.metric == .p95 })
        #expect(p95.before == 1.05 && p95.after == 1.5)  // median of 9, 1.1, 0.9, 1.0
        #expect(p95.regressed)
        #expect(trend.compared == 4)
        #expect(Set(trend.regressions.map(\.query)) == [nil, "q"])
    }

    @Test func flagsNothingWithinTheToleranceOrTheFloor() {
        let runs = [1.0, 1.0, 1.0, 1.08].enumerated().map { Self.run($0, p95: $1) }
        #expect(BenchTrend(runs: runs, window: 5, tolerance: 0.10).regressions.isEmpty)
        // +100%, but 0.02 ms: under the latency floor.
        let fast = [0.02, 0.02, 0.04].enumerated().map { Self.run($0, p95: $1) }
        #expect(BenchTrend(runs: fast, window: 5, tolerance: 0.10).regressions.isEmpty)
    }

    @Test func flagsAThroughputDrop() {
        let runs = [1000.0, 1010, 990, 700].enumerated().map { Self.run($0, p95: 1, tps: $1) }
        let trend = BenchTrend(runs: runs, window: 3, tolerance: 0.10)
        #expect(trend.regressions.map(\.metric) == [.tps, .tps])
    }

    @Test func needsTwoRuns() {
        let trend = BenchTrend(runs: [Self.run(0, p95: 1)])
        #expect(trend.rows.isEmpty && trend.compared == 0)
        #expect(BenchTrendReport.html(trend).contains("a trend needs at least two"))
    }

    @Test(arguments: ["bench-history.db", "/tmp/x/h.db", "sqlite:h.db"])
    func readsAPathAsASQLiteFile(location: String) throws {
        #expect(try BenchHistory(location: location).url.dialect == .sqlite)
    }

    @Test func readsAURLAsADatabase() throws {
        #expect(try BenchHistory(location: "postgres://u@localhost/db").url.dialect == .postgres)
    }

    @Test func keepsWhatItAppendsInASQLiteFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trend-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try BenchHistory(location: folder.appendingPathComponent("h.db").path)
        let result = try BenchMergeTests.result([100, 200, 300, 4000])
        try history.append(result, label: "first", commit: "abc", at: Date(timeIntervalSince1970: 0))
        try history.append(result, label: nil, commit: "def", at: Date(timeIntervalSince1970: 60))
        let runs = try history.runs()
        #expect(runs.map(\.name) == ["first", "def"])
        #expect(runs.first?.at == "1970-01-01T00:00:00.000Z")
        #expect(runs.first?.settings == result.settings)
        #expect(runs.first?.overall.p99Ms == result.overall.p99Ms)
        #expect(runs.first?.queries["q"]?.histogram == result.queries["q"]?.histogram)
        #expect(Set(runs.first?.queries.keys ?? [:].keys) == ["q", "r"])
    }
}
