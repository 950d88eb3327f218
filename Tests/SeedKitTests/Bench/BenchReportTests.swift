import Foundation
import Testing

@testable import SeedKit

struct BenchReportTests {
    static let chartTitles = [
        "Latency percentiles by query", "Throughput over time", "p95 latency over time",
        "Pool wait percentiles",
        "Pool wait p95 over time",
    ]

    /// A 4-second run of two queries, one of them failing sometimes, with a client ramp.
    static let busyRun = BenchFixture.result(
        queries: [
            "session_by_id": BenchFixture.latency(requests: 4000, p50: 0.2, p95: 0.6, p99: 1.1, max: 9),
            "status_counts": BenchFixture.latency(
                requests: 300, errors: ["57014": 3], p50: 14, p95: 31, p99: 60, max: 140),
        ],
        overall: BenchFixture.latency(
            requests: 4300, errors: ["57014": 3], p50: 0.3, p95: 12, p99: 40, max: 140),
        timeline: (1...4).map {
            BenchFixture.second(
                Double($0), requests: 1000 + $0 * 10, errors: $0 == 3 ? 3 : 0, clients: $0 * 5)
        },
        settings: BenchFixture.settings(stages: #"[{"duration": 4, "clients": 20}]"#))

    @Test func drawsOneSVGPerChartAndNamesEveryQuery() throws {
        let html = BenchReport.html(try BenchFixture.decode(Self.busyRun), thresholds: [])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == Self.chartTitles.count)
        for title in Self.chartTitles { #expect(html.contains("<title>\(title)</title>")) }
        for name in ["session_by_id", "status_counts", "all queries", "57014"] {
            #expect(html.contains(name))
        }
        #expect(html.contains("running clients"), "clients vary, so the throughput chart draws them")
        #expect(html.contains("4 s measured") && html.contains("4s:20"))
    }

    @Test func fetchesNothingFromTheNetwork() throws {
        let html = BenchReport.html(try BenchFixture.decode(Self.busyRun), thresholds: [])
        let rest = html.replacingOccurrences(of: #"xmlns="http://www.w3.org/2000/svg""#, with: "")
        for reference in ["http://", "https://", "<script", "<link", "<img", "url(", "@import", "src="] {
            #expect(!rest.lowercased().contains(reference), "\(reference)")
        }
    }

    static let sparseRuns = [
        "busy run": busyRun,
        "no requests, no timeline": BenchFixture.result(
            queries: [:], overall: BenchFixture.latency(requests: 0)),
        "a query without requests, all-zero figures": BenchFixture.result(
            queries: [
                "idle": BenchFixture.latency(requests: 0),
                "zero": BenchFixture.latency(p50: 0, p95: 0, p99: 0, max: 0),
            ],
            overall: BenchFixture.latency(p50: 0, p95: 0, p99: 0, max: 0),
            poolWait: BenchFixture.latency(requests: 0),
            timeline: [BenchFixture.second(0, requests: 0, p95: 0, poolWait: 0, clients: 0)]),
    ]

    @Test(arguments: sparseRuns.keys.sorted())
    func writesOnlyFiniteNumbersIntoTheSVG(name: String) throws {
        let html = BenchReport.html(try BenchFixture.decode(Self.sparseRuns[name] ?? ""), thresholds: [])
        let attribute = try Regex(
            #" (x|y|x1|y1|x2|y2|cx|cy|r|width|height|stroke-width|viewBox|points)="([^"]*)""#)
        var numbers = 0
        for match in html.matches(of: attribute) {
            let value = match.output[2].substring ?? ""
            #expect(!value.isEmpty)
            for part in value.split(whereSeparator: { $0 == " " || $0 == "," }) {
                #expect(Double(part)?.isFinite == true, "\(name): \(match.output[0].substring ?? "")")
                numbers += 1
            }
        }
        #expect(numbers > 100)
        let charts = html.components(separatedBy: "<svg ").dropFirst().map {
            $0.components(separatedBy: "</svg>")[0]
        }
        #expect(charts.count == BenchReportTests.chartTitles.count)
        for chart in charts.map({ $0.lowercased() }) {
            #expect(!chart.contains("nan") && !chart.contains("inf"))
        }
    }

    @Test func reportsEmptyDataInWords() throws {
        let html = BenchReport.html(
            try BenchFixture.decode(
                BenchFixture.result(
                    queries: ["idle": BenchFixture.latency(requests: 0)],
                    overall: BenchFixture.latency(requests: 0))),
            thresholds: [])
        #expect(html.contains("No timeline recorded"))
        #expect(html.contains("No request completed"))
        #expect(html.contains("idle (no requests)"))
        #expect(html.contains("No write was committed or rolled back"))
        #expect(!html.contains("running clients"))
    }

    @Test func escapesEveryStringFromTheRun() throws {
        let evil = #"q<script>&"x'"#
        let json = BenchFixture.result(
            queries: [evil: BenchFixture.latency(errors: ["<cause>": 1])],
            overall: BenchFixture.latency(errors: ["<cause>": 1]),
            settings: BenchFixture.settings(target: "sqlite:/tmp/<db>&.sqlite", queries: [evil]),
            abortedBecause: "p(95)<5ms failed")
        let verdict = try Threshold(parsing: "p(95)<5ms").evaluate(try BenchFixture.decode(json))
        let html = BenchReport.html(try BenchFixture.decode(json), thresholds: [verdict])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<cause>") && !html.contains("<db>") && !html.contains("p(95)<5ms"))
        #expect(html.contains("q&lt;script&gt;&amp;&quot;x&#39;"))
        #expect(html.contains("&lt;cause&gt;"))
        #expect(html.contains("sqlite:/tmp/&lt;db&gt;&amp;.sqlite"))
        #expect(html.contains("Aborted early: p(95)&lt;5ms failed"))
        #expect(html.contains("p(95)&lt;5ms: 4ms ✓"))
    }

    @Test func showsTheSettingsThatProducedTheFigures() throws {
        let json = BenchFixture.result(
            queries: ["a": BenchFixture.latency()],
            settings: BenchFixture.settings(rate: 250, transactions: 5000, commitWrites: true, queries: ["a"])
        )
        let html = BenchReport.html(try BenchFixture.decode(json), thresholds: [])
        for text in [
            "postgres://bench:***@db.internal/seedctl", "PostgreSQL 15.18", "10 clients over 5 connections",
            "open loop, 250 requests/s scheduled", "stop after 5,000 requests", "committed",
            "none (constant clients)",
            "<dd>42</dd>", "<dd>a</dd>",
        ] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(!html.contains("Aborted"))
    }

    @Test func rendersTheComparisonWhenGiven() throws {
        let baseline = try BenchFixture.decode(
            BenchFixture.result(queries: ["a": BenchFixture.latency(p95: 10), "gone": BenchFixture.latency()])
        )
        let current = try BenchFixture.decode(
            BenchFixture.result(queries: ["a": BenchFixture.latency(p95: 13), "new": BenchFixture.latency()]))
        let comparison = BenchComparison(current: current, baseline: baseline, tolerance: 0.10)
        let html = BenchReport.html(current, thresholds: [], comparison: comparison)
        #expect(html.contains("1 regression(s) beyond 10%"))
        #expect(html.contains(#"<li class="fail">a p95 10.00 ms → 13.00 ms (+30.0%)</li>"#))
        #expect(html.contains(#"<td class="worse">+30.0%</td>"#))
        #expect(html.contains("Only in this run: new") && html.contains("Only in the baseline: gone"))
        #expect(!BenchReport.html(current, thresholds: []).contains("Compared with the baseline"))
    }

    @Test(arguments: [(0.0, 0.0), (90, 1), (99, 2), (99.9, 3), (99.99, 4), (100, 5)])
    func spacesPercentilesByNines(percentile: Double, position: Double) {
        let axis = SVGChart.Axis(scale: .percentile, values: [])
        #expect(abs(axis.position(percentile, from: 0, to: 5) - position) < 1e-9)
    }

    @Test func logAxisSpansTheDecadesAndSurvivesZeros() {
        let axis = SVGChart.Axis(scale: .log, values: [0, 0.03, 250])
        #expect(axis.low == -2 && axis.high == 3)
        #expect(axis.ticks.map(\.label) == ["0.01", "0.1", "1", "10", "100", "1000"])
        #expect(axis.position(0, from: 0, to: 100) == 0)
        #expect(abs(axis.position(1, from: 0, to: 100) - 40) < 1e-9)
        let empty = SVGChart.Axis(scale: .log, values: [0, 0])
        #expect(empty.position(0, from: 0, to: 100).isFinite && empty.high > empty.low)
    }
}

/// Bench results written as `seedctl bench --json` writes them, decoded as `--baseline` reads them.
enum BenchFixture {
    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// One `Latency` object; its curve runs from p0 to the maximum when there are requests.
    static func latency(
        requests: Int = 1000, errors: [String: Int] = [:], tps: Double? = nil, p50: Double = 1,
        p95: Double = 4,
        p99: Double = 8, max: Double = 20
    ) -> String {
        let causes = errors.map { "\(quoted($0.key)): \($0.value)" }.joined(separator: ", ")
        let points = [
            (0, p50 / 2), (50, p50), (90, p95 * 0.8), (95, p95), (99, p99), (99.9, p99 * 1.5),
            (99.99, max * 0.9), (100, max),
        ]
        let curve =
            requests == 0
            ? "" : points.map { #"{"percentile": \#($0.0), "ms": \#($0.1)}"# }.joined(separator: ", ")
        return """
            {"requests": \(requests), "errors": \(errors.values.reduce(0, +)), "errorsByCause": {\(causes)},
             "tps": \(tps ?? Double(requests) / 10), "avgMs": \(requests == 0 ? 0 : p50 * 1.2), "p50Ms": \(p50),
             "p90Ms": \(p95 * 0.8), "p95Ms": \(p95), "p99Ms": \(p99), "p999Ms": \(p99 * 1.5), "maxMs": \(max),
             "curve": [\(curve)]}
            """
    }

    static func settings(
        target: String = "postgres://bench:***@db.internal/seedctl", stages: String = "[]",
        rate: Double? = nil,
        transactions: Int? = nil, commitWrites: Bool = false, queries: [String] = []
    ) -> String {
        """
        {"clients": 10, "connections": 5, "duration": 10, "warmup": 2, "thinkTime": 0, "stages": \(stages),
         "seed": 42, "commitWrites": \(commitWrites), "abortOnFail": false, "target": \(quoted(target)),
         "queries": [\(queries.map(quoted).joined(separator: ", "))]
         \(rate.map { #", "rate": \#($0)"# } ?? "")\(transactions.map { #", "transactions": \#($0)"# } ?? "")}
        """
    }

    static func second(
        _ elapsed: Double, requests: Int, errors: Int = 0, p95: Double = 3, poolWait: Double = 0.2,
        clients: Int = 10
    ) -> String {
        #"{"elapsed": \#(elapsed), "requests": \#(requests), "errors": \#(errors), "p95Ms": \#(p95), "poolWaitP95Ms": \#(poolWait), "clients": \#(clients)}"#
    }

    /// A whole `BenchResult` object: `seconds` is 10 unless the timeline says otherwise.
    static func result(
        queries: [String: String], overall: String = latency(),
        poolWait: String = latency(p50: 0.01, p95: 0.2, p99: 1, max: 3),
        timeline: [String] = [], settings: String = settings(), abortedBecause: String? = nil
    ) -> String {
        let entries = queries.map { "\(quoted($0.key)): \($0.value)" }.joined(separator: ",\n")
        return """
            {"settings": \(settings), "server": "PostgreSQL 15.18", "seconds": \(timeline.isEmpty ? 10 : Double(timeline.count)),
             "overall": \(overall), "queries": {\(entries)}, "poolWait": \(poolWait), "transactionEnds": {},
             "timeline": [\(timeline.joined(separator: ", "))], "reconnects": 0, "peakRSSBytes": 41000000,
             "rssGrowthBytes": -250000\(abortedBecause.map { #", "abortedBecause": \#(quoted($0))"# } ?? "")}
            """
    }

    static func decode(_ json: String) throws -> BenchResult {
        try JSONDecoder().decode(BenchResult.self, from: Data(json.utf8))
    }
}
