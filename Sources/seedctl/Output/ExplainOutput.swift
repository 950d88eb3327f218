import Foundation
import SeedKit

/// Renders an explain report as a table, JSON or JUnit XML.
struct ExplainOutput {
    let report: ExplainReport
    let strict: Bool
    /// `--suggest`: print the proposed indexes after the table, as a migration file body.
    var suggest = false

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
            + (suggest && report.suggestionsUnavailable == nil ? "\n\n" + suggestions() : "")
    }

    /// The indexes `--suggest` proposes, as the body of a migration file (`migrate new`
    /// makes the file): each with the query it serves and its hypothetical plan as comments.
    func suggestions() -> String {
        let failing = report.queries.filter { $0.verdict == .fail }
        guard !failing.isEmpty else {
            return "-- seedctl explain --suggest: no query fails for want of an index."
        }
        var lines = [
            "-- seedctl explain --suggest: indexes for the failing queries, each proven on a hypothetical plan",
            "-- (PostgreSQL: hypopg; SQLite: built in a transaction that was rolled back). Nothing was created:",
            "-- review, then put them in a migration (seedctl migrate new MODULE NAME).",
        ]
        for query in failing {
            lines.append("")
            guard let suggestion = query.suggestion else {
                lines.append(
                    "-- \(query.name): no single B-tree index on a table it reads in full makes its plan pass."
                )
                continue
            }
            lines.append("-- \(query.name): \(query.message)")
            lines.append("-- with \(suggestion.index): \(suggestion.message)")
            if suggestion.needsExpectation {
                lines.append(
                    "-- (passes once the query's '-- expect: index …' line names \(suggestion.index) too)")
            }
            lines += suggestion.plan.split(separator: "\n").map { "--   " + $0 }
            lines.append(suggestion.statement)
        }
        return lines.joined(separator: "\n")
    }

    private func json() -> String {
        struct Output: Encodable {
            let passed: Bool
            let server: String
            let settings: [String: String]
            let queries: [ExplainReport.Query]
            /// `--suggest` skipped, and why (PostgreSQL without hypopg).
            let suggestionsUnavailable: String?
        }
        let output = Output(
            passed: report.passed(strict: strict), server: report.server, settings: report.settings,
            queries: report.queries, suggestionsUnavailable: suggest ? report.suggestionsUnavailable : nil)
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
