import Foundation

extension BenchReport {
    /// The "Compared with the baseline" section: the regressions, then every change by query.
    static func comparisonSection(_ comparison: BenchComparison) -> String {
        let regressions = comparison.regressions
        var body =
            "<p class=\"\(regressions.isEmpty ? "pass" : "fail")\">\(regressions.count) regression(s) beyond "
        body +=
            "\(Threshold.format(comparison.tolerance * 100))% against the baseline. Latency changes under "
        body += "\(Threshold.format(BenchComparison.latencyFloorMs)) ms and error-rate changes under "
        body +=
            "\(Threshold.format(BenchComparison.errorRateFloor * 100)) percentage point never count.</p>\n"
        if !regressions.isEmpty {
            body += "<ul class=\"checks\">"
            body +=
                regressions.map { "<li class=\"fail\">\($0.description.escapedForHTML)</li>" }.joined()
                + "</ul>\n"
        }
        for (label, names) in [
            ("Only in this run", comparison.added), ("Only in the baseline", comparison.removed),
        ]
        where !names.isEmpty {
            body += "<p>\(label): \(names.joined(separator: ", ").escapedForHTML)</p>\n"
        }
        // One line per query, one column per metric: the change, red when worse, green when better.
        var names: [String?] = [nil]
        for row in comparison.rows where row.query != names.last { names.append(row.query) }
        let lines = names.map { name in
            BenchComparison.Metric.allCases.map { metric in
                comparison.rows.first { $0.query == name && $0.metric == metric }
            }
        }
        body +=
            "<h3>Change by query</h3>"
            + table(
                ["query"] + BenchComparison.Metric.allCases.map(\.rawValue),
                zip(names, lines).map { name, line in
                    [name ?? "all queries"] + line.map { $0?.shownChange ?? "—" }
                },
                rowClasses: names.map { $0 == nil ? "total" : "" },
                cellClasses: lines.map { line in
                    [""] + line.map { $0?.regressed == true ? "worse" : $0?.improved == true ? "better" : "" }
                })
        return section("Compared with the baseline", body)
    }
}
