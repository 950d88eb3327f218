import Foundation
import SeedKit

/// Renders an explain report as a table, JSON or JUnit XML.
struct ExplainOutput {
    let report: ExplainReport
    let strict: Bool

    func print(as format: ExplainFormat) {
        switch format {
        case .text: Terminal.line(text())
        case .json: Terminal.line(json())
        case .junit: Terminal.line(junit())
        }
    }

    private func text() -> String {
        let rows = report.queries.map { query -> [String] in
            let verdict = query.overBudget && query.verdict != .fail ? "over budget" : query.verdict.rawValue
            return [
                query.name, query.fails(strict: strict) ? "FAIL (\(verdict))" : verdict, query.index ?? "-",
                String(format: "%.2f / %.2f ms", query.p50Ms, query.p95Ms),
                String(format: "%.0f ms", query.budgetMs),
                query.verdict == .pass && !query.overBudget ? "" : query.message,
            ]
        }
        let failed = report.queries.filter { $0.fails(strict: strict) }.count
        let settings = report.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
            separator: " ")
        return Terminal.table(["QUERY", "VERDICT", "INDEX", "P50 / P95", "BUDGET", "WHY"], rows)
            + "\n\(report.queries.count - failed) of \(report.queries.count) queries pass on \(report.server)"
            + (settings.isEmpty ? "" : " (\(settings))")
    }

    private func json() -> String {
        struct Output: Encodable {
            let passed: Bool
            let server: String
            let settings: [String: String]
            let queries: [ExplainReport.Query]
        }
        let output = Output(
            passed: report.passed(strict: strict), server: report.server, settings: report.settings,
            queries: report.queries)
        return (try? PrettyJSON.string(output)) ?? "{}"
    }

    private func junit() -> String {
        let failures = report.queries.filter { $0.fails(strict: strict) }.count
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml +=
            #"<testsuite name="seedctl explain" tests="\#(report.queries.count)" failures="\#(failures)">"#
            + "\n"
        for query in report.queries {
            let time = String(format: "%.6f", query.p50Ms / 1000)
            xml +=
                #"  <testcase classname="seedctl.explain" name="\#(escape(query.name))" time="\#(time)">"#
                + "\n"
            if query.fails(strict: strict) {
                let message =
                    query.overBudget && query.verdict != .fail
                    ? "p95 \(String(format: "%.2f", query.p95Ms)) ms is over the \(String(format: "%.0f", query.budgetMs)) ms budget"
                    : query.message
                xml += #"    <failure message="\#(escape(message))">\#(escape(query.plan))</failure>"# + "\n"
            }
            xml +=
                "    <system-out>\(escape("\(query.verdict.rawValue); index \(query.index ?? "none"); p50 \(query.p50Ms) ms; p95 \(query.p95Ms) ms; \(query.message)"))</system-out>\n"
            xml += "  </testcase>\n"
        }
        return xml + "</testsuite>"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
