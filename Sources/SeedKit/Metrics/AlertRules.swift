import Foundation
import Yams

/// Prometheus alerting rules read from a catalog's budgets, over the metrics `bench
/// --metrics-listen` serves: per query, p95 latency above `factor` × its `max_ms`
/// (`histogram_quantile` over the query's budget buckets); and one rule for the error rate.
public struct AlertRules: Sendable {
    /// The multiple of a query's budget its p95 may reach before the alert fires.
    public var factor = 1.5
    /// How long a condition must hold before it fires (Prometheus's `for`), in seconds.
    public var forSeconds = 300.0
    /// The share of failed requests above which a query's error alert fires.
    public var errorRate = 0.01
    /// The range of `rate()`, in seconds: at least four scrape intervals.
    public var windowSeconds = 60.0

    public init() {}

    /// The rules for `queries` (those with a weight above 0) of catalog `catalog` (the
    /// `catalog` label's value), as a Prometheus rule file.
    public func yaml(for queries: [CatalogQuery], catalog: String) throws -> String {
        let matcher = "catalog=\(Self.quoted(catalog))"
        let window = Self.duration(windowSeconds)
        var rules = queries.filter { $0.weight > 0 }.map { query in
            let limit = query.maxMs * factor / 1000
            let buckets =
                "\(BenchMetrics.Name.latency)_bucket{\(matcher),query=\(Self.quoted(query.name))}"
            return Rule(
                alert: "SeedctlQueryP95OverBudget",
                expr: "histogram_quantile(0.95, sum by (le, query, catalog, target) "
                    + "(rate(\(buckets)[\(window)]))) > \(Self.number(limit))",
                for: Self.duration(forSeconds),
                labels: ["severity": "warning", "budget_ms": Self.number(query.maxMs)],
                annotations: [
                    "summary":
                        "\(query.name): p95 above \(Self.number(factor)) × its \(Self.number(query.maxMs)) ms budget",
                    "description":
                        "p95 of {{ $labels.query }} on {{ $labels.target }} is {{ $value | humanizeDuration }}; "
                        + "the catalog \(catalog) gives it \(Self.number(query.maxMs)) ms, "
                        + "and the alert fires above \(Self.number(limit * 1000)) ms.",
                ])
        }
        let errors =
            "sum by (query, catalog, target) (rate(\(BenchMetrics.Name.errors){\(matcher)}[\(window)]))"
        let requests =
            "sum by (query, catalog, target) (rate(\(BenchMetrics.Name.requests){\(matcher)}[\(window)]))"
        rules.append(
            Rule(
                alert: "SeedctlQueryErrorRate",
                expr: "\(errors) / \(requests) > \(Self.number(errorRate))",
                for: Self.duration(forSeconds),
                labels: ["severity": "warning"],
                annotations: [
                    "summary":
                        "{{ $labels.query }}: more than \(Self.number(errorRate * 100))% of requests fail",
                    "description":
                        "{{ $labels.query }} on {{ $labels.target }} fails {{ $value | humanizePercentage }} "
                        + "of its requests (catalog \(catalog)).",
                ]))
        let file = RuleFile(groups: [RuleGroup(name: "seedctl-bench-\(catalog)", rules: rules)])
        return try YAMLEncoder().encode(file)
    }

    /// A PromQL string literal.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// Nine significant digits, no trailing noise: `0.0075`, `1.5`, `50`.
    static func number(_ value: Double) -> String {
        String(format: "%.9g", value)
    }

    /// A Prometheus duration: `5m`, `1h`, `90s`, `250ms`.
    static func duration(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        let whole = milliseconds / 1000
        if whole > 0, whole % 3600 == 0 { return "\(whole / 3600)h" }
        if whole > 0, whole % 60 == 0 { return "\(whole / 60)m" }
        return "\(whole)s"
    }

    private struct RuleFile: Encodable {
        let groups: [RuleGroup]
    }

    private struct RuleGroup: Encodable {
        let name: String
        let rules: [Rule]
    }

    private struct Rule: Encodable {
        let alert: String
        let expr: String
        let `for`: String
        let labels: [String: String]
        let annotations: [String: String]
    }
}
