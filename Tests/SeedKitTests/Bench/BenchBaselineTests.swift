import Foundation
import Testing

@testable import SeedKit

struct BenchBaselineTests {
    /// The comparison of two runs of one query `q`, otherwise identical.
    static func compare(before: String, after: String, tolerance: Double = 0.10) throws -> BenchComparison {
        BenchComparison(
            current: try BenchFixture.decode(BenchFixture.result(queries: ["q": after])),
            baseline: try BenchFixture.decode(BenchFixture.result(queries: ["q": before])),
            tolerance: tolerance)
    }

    static func row(_ comparison: BenchComparison, _ metric: BenchComparison.Metric, query: String? = "q")
        -> BenchComparison.Row?
    {
        comparison.rows.first { $0.query == query && $0.metric == metric }
    }

    @Test(arguments: [
        (10.0, 12.0, 0.10, true),  // 20% slower, 10% allowed
        (10.0, 10.5, 0.10, false),  // 5% slower
        (10.0, 11.0, 0.10, false),  // exactly the tolerance is not beyond it
        (10.0, 12.0, 0.25, false),
        (10.0, 8.0, 0.10, false),  // faster
    ])
    func flagsAP95SlowerThanTheTolerance(before: Double, after: Double, tolerance: Double, regressed: Bool)
        throws
    {
        let comparison = try Self.compare(
            before: BenchFixture.latency(p95: before), after: BenchFixture.latency(p95: after),
            tolerance: tolerance)
        let p95 = try #require(Self.row(comparison, .p95))
        #expect(p95.before == before && p95.after == after)
        #expect(abs((p95.change ?? .nan) - (after - before) / before) < 1e-12)
        #expect(p95.regressed == regressed)
        #expect(comparison.regressions.map(\.metric) == (regressed ? [.p95] : []))
        #expect(p95.improved == (after < before))
    }

    @Test func flagsAThroughputDropNotARise() throws {
        let drop = try Self.compare(
            before: BenchFixture.latency(tps: 500), after: BenchFixture.latency(tps: 400))
        #expect(try #require(Self.row(drop, .tps)).regressed)
        #expect(Self.row(drop, .tps)?.change == -0.2)
        let rise = try Self.compare(
            before: BenchFixture.latency(tps: 400), after: BenchFixture.latency(tps: 500))
        #expect(rise.regressions.isEmpty)
        #expect(Self.row(rise, .tps)?.improved == true)
    }

    @Test func ignoresLatencyChangesUnderTheFloor() throws {
        // +40%, but only 0.04 ms: noise on a fast query.
        let tiny = try Self.compare(
            before: BenchFixture.latency(p50: 0.10), after: BenchFixture.latency(p50: 0.14))
        #expect(Self.row(tiny, .p50)?.regressed == false)
        #expect(Self.row(tiny, .p50)?.improved == false)
        let real = try Self.compare(
            before: BenchFixture.latency(p50: 0.10), after: BenchFixture.latency(p50: 0.20))
        #expect(Self.row(real, .p50)?.regressed == true)
    }

    @Test func flagsNewErrorsAboveTheErrorFloor() throws {
        let clean = BenchFixture.latency(requests: 10_000)
        let failing = try Self.compare(
            before: clean, after: BenchFixture.latency(requests: 9_950, errors: ["57014": 50]))
        let errors = try #require(Self.row(failing, .errors))
        #expect(errors.before == 0 && errors.after == 0.005 && errors.change == nil && errors.regressed)
        let stray = try Self.compare(
            before: clean, after: BenchFixture.latency(requests: 9_999, errors: ["client": 1]))
        #expect(Self.row(stray, .errors)?.regressed == false)
    }

    @Test func listsAddedAndRemovedQueriesWithoutCallingThemRegressions() throws {
        let baseline = try BenchFixture.decode(
            BenchFixture.result(queries: [
                "kept": BenchFixture.latency(), "gone": BenchFixture.latency(p95: 1),
            ]))
        let current = try BenchFixture.decode(
            BenchFixture.result(queries: [
                "kept": BenchFixture.latency(), "fresh": BenchFixture.latency(tps: 1, p95: 900),
            ]))
        let comparison = BenchComparison(current: current, baseline: baseline, tolerance: 0.10)
        #expect(comparison.added == ["fresh"] && comparison.removed == ["gone"])
        #expect(Set(comparison.rows.map(\.query)) == [nil, "kept"])
        #expect(comparison.rows.prefix(5).map(\.metric) == BenchComparison.Metric.allCases)
        #expect(comparison.regressions.isEmpty)
    }

    @Test func summarizesInLinesForTheTerminal() throws {
        let baseline = try BenchFixture.decode(
            BenchFixture.result(queries: ["q": BenchFixture.latency(), "old": BenchFixture.latency()]))
        let current = try BenchFixture.decode(
            BenchFixture.result(queries: ["q": BenchFixture.latency(tps: 50, p95: 6)]))
        let comparison = BenchComparison(current: current, baseline: baseline, tolerance: 0.2)
        #expect(
            comparison.summaryLines == [
                "baseline: 2 regression(s) beyond 20% in 10 compared figures",
                "regression q p95 4.000 ms → 6.000 ms (+50.0%)",
                "regression q tps 100.0/s → 50.0/s (-50.0%)",
                "only in the baseline: old",
            ])
    }

    @Test func warnsWhenTheBaselineRanWithOtherSettings() throws {
        let same = try BenchFixture.decode(BenchFixture.result(queries: ["q": BenchFixture.latency()]))
        #expect(BenchComparison(current: same, baseline: same).settingsDiffer.isEmpty)
        let paced = try BenchFixture.decode(
            BenchFixture.result(
                queries: ["q": BenchFixture.latency()], settings: BenchFixture.settings(rate: 250)))
        let comparison = BenchComparison(current: paced, baseline: same)
        #expect(
            comparison.settingsDiffer.count == 1
                && comparison.settingsDiffer[0].hasPrefix("rate closed loop → 250"))
        #expect(
            comparison.summaryLines.contains { $0.hasPrefix("warning: the baseline ran with other settings") }
        )
    }

    @Test func comparesNoLatencyOfAQueryWithoutRequests() throws {
        let comparison = try Self.compare(
            before: BenchFixture.latency(), after: BenchFixture.latency(requests: 0, errors: ["08006": 5]))
        #expect(comparison.rows.filter { $0.query == "q" }.map(\.metric) == [.tps, .errors])
        #expect(Set(comparison.regressions.map(\.metric)) == [.tps, .errors])
    }

    @Test func loadsTheResultOfAJSONFile() throws {
        let original = try BenchFixture.decode(
            BenchFixture.result(
                queries: ["q": BenchFixture.latency(p95: 7.5)],
                timeline: [BenchFixture.second(1, requests: 3)]))
        // The way `bench --json` writes it: the result under "result", next to other keys.
        struct Written: Encodable {
            let result: BenchResult
            let thresholds = [["threshold": "p(95)<50ms", "passed": "true"]]
        }
        let data = try JSONEncoder().encode(Written(result: original))
        let loaded = try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.json")
            try data.write(to: url)
            return try BenchComparison.load(contentsOf: url)
        }
        #expect(loaded.queries == original.queries && loaded.overall == original.overall)
        #expect(loaded.timeline == original.timeline && loaded.settings == original.settings)
        #expect(loaded.server == "PostgreSQL 15.18")
    }

    @Test(
        arguments: [
            (nil, "does not exist; pass a file written by an earlier 'seedctl bench --json FILE'"),
            ("{ not json", "is not JSON; pass a file written by an earlier 'seedctl bench --json FILE'"),
            ("[1, 2]", #"is not a seedctl bench JSON file (no "result" object)"#),
            (#"{"thresholds": []}"#, #"is not a seedctl bench JSON file (no "result" object)"#),
            (
                #"{"result": {"server": "x"}}"#,
                #"is not a seedctl bench JSON file (result has no "settings")"#
            ),
            (
                #"{"result": {"settings": 3}}"#,
                "is not a seedctl bench JSON file (result.settings has the wrong type); pass a file written by",
            ),
        ] as [(String?, String)])
    func explainsABadBaselineInOneLine(contents: String?, fragment: String) throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("old run.json")
            if let contents { try Data(contents.utf8).write(to: url) }
            let error = try #require(throws: ConfigurationError.self) {
                try BenchComparison.load(contentsOf: url)
            }
            #expect(error.description.hasPrefix("baseline \(url.path) "))
            #expect(error.description.contains(fragment), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func explainsADirectoryGivenAsBaseline() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(throws: ConfigurationError.self) {
                try BenchComparison.load(contentsOf: directory)
            }
            #expect(
                error.description
                    == "baseline \(directory.path) cannot be read; pass a file written by an earlier 'seedctl bench --json FILE'"
            )
        }
    }
}
