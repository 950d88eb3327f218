import Foundation

/// The `bench --report` page: one self-contained HTML file (inline CSS and SVG, no script,
/// nothing fetched from the network) with the run's settings, figures, thresholds and charts.
public enum BenchReport {
    /// The page for `result`, its threshold verdicts and, given a baseline, the comparison.
    public static func html(
        _ result: BenchResult, thresholds: [ThresholdResult], comparison: BenchComparison? = nil
    ) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>seedctl bench: \(result.server.escapedForHTML)</title>
            <style>\(style)</style></head>
            <body><main>
            <h1>seedctl bench</h1>

            """
        page += header(result)
        if !thresholds.isEmpty {
            let items = thresholds.map {
                "<li class=\"\($0.passed ? "pass" : "fail")\">\($0.message.escapedForHTML)</li>"
            }
            page += section("Thresholds", "<ul class=\"checks\">\(items.joined())</ul>")
        }
        if let comparison { page += comparisonSection(comparison) }
        page += summary(result)
        page += section("Latency by percentile", latencyCurves(result).svg())
        page += section(
            "Over time",
            throughput(result).svg()
                + timeSeries(
                    "p95 latency over time", "p95 latency, ms",
                    [("all queries", "#222", result.timeline.map { ($0.elapsed, $0.p95Ms) })]
                ).svg())
        page += poolWait(result)
        page += writesAndClient(result)
        return page + "<footer>Written by seedctl bench.</footer>\n</main></body></html>\n"
    }

    private static let latencyHeadings = [
        "query", "requests", "tps", "avg ms", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms",
        "errors",
    ]

    private static func header(_ result: BenchResult) -> String {
        let settings = result.settings
        var run = "\(Threshold.format(result.seconds)) s measured"
        if let transactions = settings.transactions {
            run += " (stop after \(transactions.grouped) requests)"
        }
        run += ", after \(Threshold.format(settings.warmup)) s of warm-up"
        var pacing =
            settings.rate.map { "open loop, \(Threshold.format($0)) requests/s scheduled" } ?? "closed loop"
        if settings.thinkTime > 0 {
            pacing += ", think time \(Threshold.format(settings.thinkTime * 1000)) ms"
        }
        let stages = settings.stages.map { "\(Threshold.format($0.duration))s:\($0.clients)" }.joined(
            separator: ", ")
        let items: [(String, String)] = [
            ("Target", settings.target), ("Server", result.server), ("Run", run),
            ("Load", "\(settings.clients) clients over \(settings.connections) connections, \(pacing)"),
            ("Stages", stages.isEmpty ? "none (constant clients)" : stages),
            ("Seed", String(settings.seed)), ("Writes", settings.commitWrites ? "committed" : "rolled back"),
            (
                "Queries",
                settings.queries.isEmpty ? "the whole catalog" : settings.queries.joined(separator: ", ")
            ),
        ]
        var out = "<dl class=\"settings\">\n"
        for (term, value) in items { out += "<dt>\(term)</dt><dd>\(value.escapedForHTML)</dd>\n" }
        out += "</dl>\n"
        if let reason = result.abortedBecause {
            out += "<p class=\"banner\">Aborted early: \(reason.escapedForHTML)</p>\n"
        }
        return out
    }

    private static func summary(_ result: BenchResult) -> String {
        let queries = result.queries.sorted { $0.key < $1.key }
        let rows = queries.map { latencyRow($0.key, $0.value) } + [latencyRow("all queries", result.overall)]
        var body = table(
            latencyHeadings, rows, rowClasses: rows.indices.map { $0 == rows.count - 1 ? "total" : "" })
        if result.overall.requests == 0 && result.overall.errors == 0 {
            body += "<p>No request completed.</p>"
        }
        let causes = result.overall.errorsByCause.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        if !causes.isEmpty {
            body +=
                "<h3>Errors by cause</h3>"
                + table(
                    ["cause", "errors", "queries"],
                    causes.map { cause, count in
                        let shares = queries.compactMap { name, figures in
                            figures.errorsByCause[cause].map { "\(name) ×\($0.grouped)" }
                        }
                        return [cause, count.grouped, shares.joined(separator: ", ")]
                    }, cellClasses: causes.map { _ in ["", "", "text"] })
        }
        return section("Latency and throughput", body)
    }

    private static func poolWait(_ result: BenchResult) -> String {
        let figures = table(
            ["", "acquisitions"] + latencyHeadings.dropFirst(2).dropLast(),
            [latencyRow("pool wait", result.poolWait, errors: false)])
        let overTime = timeSeries(
            "Pool wait p95 over time", "pool wait p95, ms",
            [("pool wait p95", "#b07aa1", result.timeline.map { ($0.elapsed, $0.poolWaitP95Ms) })])
        let what = "Time a client waited for one of the \(result.settings.connections) pooled connections, "
        return section(
            "Pool wait",
            "<p>\(what)measured apart from the query.</p>\n\(figures)\n\(poolWaitCurve(result).svg())\n\(overTime.svg())"
        )
    }

    private static func writesAndClient(_ result: BenchResult) -> String {
        let ends = result.transactionEnds.sorted { $0.key < $1.key }.map {
            latencyRow($0.key, $0.value, errors: false)
        }
        let writes =
            ends.isEmpty
            ? "<p>No write was committed or rolled back.</p>"
            : table(["", "count"] + latencyHeadings.dropFirst(2).dropLast(), ends)
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1e6) }
        let growth = (result.rssGrowthBytes >= 0 ? "+" : "") + megabytes(result.rssGrowthBytes)
        return section("Commits and rollbacks", writes)
            + section(
                "Client",
                """
                <dl class="settings"><dt>Reconnects</dt><dd>\(result.reconnects.grouped) lost connection(s) replaced</dd>
                <dt>Peak RSS</dt><dd>\(megabytes(result.peakRSSBytes))</dd>
                <dt>RSS growth</dt><dd>\(growth) from warm-up end to finish</dd></dl>
                """)
    }

    // MARK: Charts

    private static func latencyCurves(_ result: BenchResult) -> SVGChart {
        var series = result.queries.sorted { $0.key < $1.key }.enumerated().map { index, entry in
            SVGChart.Series(
                name: entry.value.curve.isEmpty ? "\(entry.key) (no requests)" : entry.key,
                color: SVGChart.palette[index % SVGChart.palette.count],
                points: entry.value.curve.map { ($0.percentile, $0.ms) },
                dashed: index >= SVGChart.palette.count)
        }
        series.append(
            SVGChart.Series(
                name: "all queries", color: "#222",
                points: result.overall.curve.map { ($0.percentile, $0.ms) }, width: 3))
        return SVGChart(
            title: "Latency percentiles by query",
            xLabel: "percentile (log scale of 1/(1−p); max at the right edge)",
            yLabel: "latency, ms (log scale)", xScale: .percentile, yScale: .log, series: series,
            emptyMessage: "No request completed")
    }

    private static func poolWaitCurve(_ result: BenchResult) -> SVGChart {
        SVGChart(
            title: "Pool wait percentiles",
            xLabel: "percentile (log scale of 1/(1−p); max at the right edge)",
            yLabel: "pool wait, ms (log scale)", xScale: .percentile, yScale: .log,
            series: [
                SVGChart.Series(
                    name: "pool wait", color: "#b07aa1",
                    points: result.poolWait.curve.map { ($0.percentile, $0.ms) })
            ],
            emptyMessage: "No connection was acquired")
    }

    private static func throughput(_ result: BenchResult) -> SVGChart {
        // Each timeline entry covers the time since the previous one; a last partial second still gives a rate.
        var requests: [(x: Double, y: Double)] = []
        var errors: [(x: Double, y: Double)] = []
        var previous = 0.0
        for second in result.timeline {
            let interval = second.elapsed - previous
            previous = second.elapsed
            guard interval > 0 else { continue }
            requests.append((second.elapsed, Double(second.requests) / interval))
            errors.append((second.elapsed, Double(second.errors) / interval))
        }
        var chart = timeSeries(
            "Throughput over time", "per second",
            [
                ("requests/s", "#4e79a7", requests),
                ("errors/s (\(result.overall.errors.grouped) in all)", "#e15759", errors),
            ])
        if Set(result.timeline.map(\.clients)).count > 1 {
            chart.rightLabel = "running clients"
            chart.series.append(
                SVGChart.Series(
                    name: "running clients", color: "#777",
                    points: result.timeline.map { ($0.elapsed, Double($0.clients)) },
                    dashed: true, onRightAxis: true))
        }
        return chart
    }

    private static func timeSeries(
        _ title: String, _ yLabel: String, _ lines: [(String, String, [(x: Double, y: Double)])]
    ) -> SVGChart {
        SVGChart(
            title: title, xLabel: "seconds since measuring began", yLabel: yLabel,
            series: lines.map { SVGChart.Series(name: $0.0, color: $0.1, points: $0.2) },
            emptyMessage: "No timeline recorded")
    }

    // MARK: HTML pieces

    /// Name, requests, tps, the latencies ("—" without requests) and, with `errors`, the error count.
    private static func latencyRow(_ name: String, _ figures: BenchResult.Latency, errors: Bool = true)
        -> [String]
    {
        let latencies = [
            figures.avgMs, figures.p50Ms, figures.p90Ms, figures.p95Ms, figures.p99Ms, figures.p999Ms,
            figures.maxMs,
        ]
        return [name, figures.requests.grouped, String(format: "%.1f", figures.tps)]
            + latencies.map { figures.requests > 0 ? milliseconds($0) : "—" }
            + (errors ? [figures.errors.grouped] : [])
    }

    /// 0.412, 12.35, 250.1: three significant decimals where they matter.
    static func milliseconds(_ value: Double) -> String {
        String(format: value < 10 ? "%.3f" : value < 100 ? "%.2f" : "%.1f", value)
    }

    /// An `<h2>` section around `body` (HTML).
    static func section(_ title: String, _ body: String) -> String {
        "<section><h2>\(title.escapedForHTML)</h2>\n\(body)\n</section>\n"
    }

    /// A table of escaped cells, with optional CSS classes by row and by cell ("" for none).
    static func table(
        _ headings: [String], _ rows: [[String]], rowClasses: [String] = [], cellClasses: [[String]] = []
    ) -> String {
        func tag(_ name: String, _ classes: [String], _ index: Int) -> String {
            index < classes.count && !classes[index].isEmpty
                ? "<\(name) class=\"\(classes[index])\">" : "<\(name)>"
        }
        var out = "<div class=\"scroll\"><table><thead><tr>"
        let aligned = cellClasses.first ?? []  // headings follow the first row's alignment
        out += headings.enumerated().map { tag("th", aligned, $0) + $1.escapedForHTML + "</th>" }.joined()
        out += "</tr></thead><tbody>\n"
        for (index, row) in rows.enumerated() {
            let classes = index < cellClasses.count ? cellClasses[index] : []
            out += tag("tr", rowClasses, index)
            out +=
                row.enumerated().map { tag("td", classes, $0) + $1.escapedForHTML + "</td>" }.joined()
                + "</tr>\n"
        }
        return out + "</tbody></table></div>"
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f4f5f7}
        main{max-width:1000px;margin:0 auto;padding:8px 24px 24px}
        h1{font-size:24px;margin:16px 0 8px}h2{font-size:18px;margin:0 0 10px}
        section{background:#fff;border:1px solid #d9dce1;border-radius:6px;padding:14px 18px;margin:16px 0}
        dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
        dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}
        th,td{padding:4px 8px;border-bottom:1px solid #eceef1;text-align:right;white-space:nowrap}
        th:first-child,td:first-child{text-align:left}th{background:#f0f2f5}
        tr.total td{font-weight:600;border-top:2px solid #c8ccd2}
        h3{font-size:15px;margin:14px 0 6px}ul.checks{margin:0;padding-left:20px}
        .text{text-align:left;white-space:normal}.pass,td.better{color:#1a7f37}.fail{color:#c62828}td.worse{background:#fdecea;color:#c62828;font-weight:600}
        .banner{background:#fdecea;border:1px solid #e57373;border-radius:6px;padding:8px 12px;color:#8e1c1c;font-weight:600}
        svg{display:block;max-width:100%;height:auto;margin:12px 0}
        footer{color:#777;font-size:12px}
        """
}
