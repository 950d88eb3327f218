import Foundation

/// The `bench trend --report` page: one self-contained HTML file (inline CSS and SVG, no
/// script) with the verdict on the latest run, the runs, and per query (and for all queries) a
/// chart of p50, p95, p99 and throughput across runs.
public enum BenchTrendReport {
    /// The page for `trend`.
    public static func html(_ trend: BenchTrend) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>seedctl bench trend</title>
            <style>\(BenchReport.style)</style></head>
            <body><main>
            <h1>seedctl bench trend</h1>

            """
        page += BenchReport.section("Latest run", verdict(trend))
        page += BenchReport.section("Runs", runs(trend))
        for name in [nil] + trend.queries {
            page += querySection(trend, name)
        }
        return page + "<footer>Written by seedctl bench trend.</footer>\n</main></body></html>\n"
    }

    private static func verdict(_ trend: BenchTrend) -> String {
        guard let latest = trend.runs.last, trend.compared > 0 else {
            return "<p>\(trend.runs.count) run(s): a trend needs at least two.</p>"
        }
        let regressions = trend.regressions
        var body = "<p class=\"\(regressions.isEmpty ? "pass" : "fail")\">"
        body +=
            "\(regressions.count) regression(s) in run \(trend.runs.count) (\(latest.name.escapedForHTML), "
        body +=
            "\(latest.at.escapedForHTML)) against the median of the \(trend.compared) run(s) before it, beyond "
        body += "\(Threshold.format(trend.tolerance * 100))%. Latency changes under "
        body += "\(Threshold.format(BenchComparison.latencyFloorMs)) ms never count.</p>\n"
        if !regressions.isEmpty {
            body += "<ul class=\"checks\">"
            body += regressions.map { "<li class=\"fail\">\($0.description.escapedForHTML)</li>" }.joined()
            body += "</ul>\n"
        }
        return body
    }

    private static func runs(_ trend: BenchTrend) -> String {
        BenchReport.table(
            [
                "run", "when", "name", "server", "clients", "connections", "seconds", "requests", "tps",
                "p95 ms",
            ],
            trend.runs.enumerated().map { index, run in
                [
                    "\(index + 1)", String(run.at.prefix(19)).replacingOccurrences(of: "T", with: " "),
                    run.name,
                    run.server, "\(run.settings.clients)", "\(run.settings.connections)",
                    Threshold.format(run.seconds), run.overall.requests.grouped,
                    String(format: "%.1f", run.overall.tps),
                    BenchReport.milliseconds(run.overall.p95Ms),
                ]
            },
            cellClasses: trend.runs.map { _ in ["", "text", "text", "text"] })
    }

    private static func querySection(_ trend: BenchTrend, _ name: String?) -> String {
        let points = trend.runs.enumerated().compactMap { index, run in
            run.figures(of: name).map { (Double(index + 1), $0) }
        }
        func series(_ label: String, _ color: String, _ value: (BenchHistoryRun.Figures) -> Double)
            -> SVGChart.Series
        {
            SVGChart.Series(
                name: label, color: color,
                points: points.filter { $0.1.requests > 0 }.map { ($0.0, value($0.1)) })
        }
        var throughput = SVGChart.Series(
            name: "throughput (right axis)", color: "#777", points: points.map { ($0.0, $0.1.tps) })
        throughput.dashed = true
        throughput.onRightAxis = true
        let title = name ?? "all queries"
        let chart = SVGChart(
            title: "\(title): latency and throughput across runs", xLabel: "run", yLabel: "latency, ms",
            rightLabel: "requests/s",
            series: [
                series("p50", "#4e79a7") { $0.p50Ms }, series("p95", "#f28e2b") { $0.p95Ms },
                series("p99", "#e15759") { $0.p99Ms }, throughput,
            ],
            emptyMessage: "No run measured this query")
        let rows = trend.rows.filter { $0.query == name }
        var body = chart.svg()
        if !rows.isEmpty {
            body += BenchReport.table(
                ["metric", "median before", "latest", "change"],
                rows.map {
                    [
                        $0.metric.rawValue, $0.metric.formatted($0.before), $0.metric.formatted($0.after),
                        $0.shownChange,
                    ]
                },
                cellClasses: rows.map { ["", "", "", $0.regressed ? "worse" : $0.improved ? "better" : ""] })
        }
        let id = name.map { " data-query=\"\($0.escapedForHTML)\"" } ?? " data-query=\"\""
        return "<section class=\"query\"\(id)><h2>\(title.escapedForHTML)</h2>\n\(body)\n</section>\n"
    }
}
