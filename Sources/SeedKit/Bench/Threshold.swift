import Foundation

/// A pass/fail rule over a bench run's figures, k6-style: `p(95)<50ms`, `errors<1%`, `tps>500`,
/// `sessions_by_status:p(99)<=20ms`, `pool_wait_p95<5ms`, `avg<10ms`, `max<1s`.
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    /// The figure a threshold reads.
    public enum Metric: Sendable, Equatable {
        /// A latency percentile, above 0 and at most 100 (`p(95)`, `p(99.9)`).
        case percentile(Double)
        case avg, max, tps, errorRate, poolWaitP95

        var isLatency: Bool {
            switch self {
            case .percentile, .avg, .max, .poolWaitP95: true
            case .tps, .errorRate: false
            }
        }
    }

    /// How the actual figure is compared with the threshold's value.
    public enum Comparison: String, Sendable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        func holds(_ actual: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: actual < limit
            case .lessOrEqual: actual <= limit
            case .greater: actual > limit
            case .greaterOrEqual: actual >= limit
            }
        }
    }

    /// The query the threshold is about; nil means the whole run.
    public let query: String?
    public let metric: Metric
    public let comparison: Comparison
    /// Milliseconds for latency metrics, a fraction 0…1 for errors, requests per second for tps.
    public let value: Double
    /// The threshold as written (trimmed), for messages.
    public let text: String

    public var description: String { text }

    static let metricNames = "p(N) or pN, avg, max, tps, errors, pool_wait_p95"

    /// Parses a `--threshold` value; errors name the flag and show an example.
    public init(parsing text: String) throws {
        let text = text.trimmingCharacters(in: .whitespaces)
        self.text = text
        func failure(_ problem: String) -> ConfigurationError {
            ConfigurationError("'--threshold \(text)' \(problem)")
        }
        guard !text.isEmpty else {
            throw failure("is empty: write e.g. 'p(95)<50ms', 'errors<1%' or 'orders:tps>500'")
        }

        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":") {
            let name = rest[..<colon].trimmingCharacters(in: .whitespaces)
            guard Self.isQueryName(name) else {
                throw failure(
                    "has an invalid query name '\(name)': use the catalog's lowercase name, "
                        + "e.g. 'orders:p(95)<50ms'"
                )
            }
            query = name
            rest = rest[rest.index(after: colon)...]
        } else {
            query = nil
        }

        guard let operatorIndex = rest.firstIndex(where: { $0 == "<" || $0 == ">" }) else {
            throw failure("needs a comparison (<, <=, > or >=): write e.g. 'p(95)<50ms'")
        }
        var afterOperator = rest.index(after: operatorIndex)
        let orEqual = afterOperator < rest.endIndex && rest[afterOperator] == "="
        if orEqual { afterOperator = rest.index(after: afterOperator) }
        comparison =
            rest[operatorIndex] == "<"
            ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)

        let metricText = rest[..<operatorIndex].trimmingCharacters(in: .whitespaces)
        metric = try Self.metric(metricText, failure: failure)
        if metric == .poolWaitP95, query != nil {
            throw failure(
                "is per query, but pool_wait_p95 is measured for the whole run: write 'pool_wait_p95<5ms'")
        }

        let valueText = rest[afterOperator...].trimmingCharacters(in: .whitespaces)
        let digits = valueText.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let number = Double(digits) else {
            throw failure("needs a number after '\(comparison.rawValue)': write e.g. 'p(95)<50ms'")
        }
        let unit = valueText.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        value = try Self.value(number, unit: unit, for: metric, metricText: metricText, failure: failure)
    }

    /// Refuses, before a run starts, a threshold about a query the run will not execute.
    public static func requireKnownQueries(_ thresholds: [Threshold], in names: [String]) throws {
        for threshold in thresholds {
            guard let query = threshold.query, !names.contains(query) else { continue }
            throw ConfigurationError(
                "'--threshold \(threshold.text)' names query '\(query)', which this run does not execute; "
                    + "use one of: \(names.joined(separator: ", "))")
        }
    }

    static func isQueryName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else {
            return false
        }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    static func metric(_ text: String, failure: (String) -> ConfigurationError) throws -> Metric {
        switch text {
        case "avg": return .avg
        case "max": return .max
        case "tps": return .tps
        case "errors": return .errorRate
        case "pool_wait_p95": return .poolWaitP95
        case _ where text.hasPrefix("p") && Double(text.dropFirst()) != nil:
            // `p95` for `p(95)`, as DESIGN.md and many CI scripts write it.
            return try metric("p(\(text.dropFirst()))", failure: failure)
        default:
            guard text.hasPrefix("p("), text.hasSuffix(")") else {
                throw failure("has an unknown metric '\(text)': use one of \(metricNames), e.g. 'p(95)<50ms'")
            }
            let inner = text.dropFirst(2).dropLast().trimmingCharacters(in: .whitespaces)
            guard let percentile = Double(inner), percentile > 0, percentile <= 100 else {
                throw failure(
                    "has percentile '\(inner)': it must be above 0 and at most 100, e.g. 'p(99.9)<20ms'")
            }
            return .percentile(percentile)
        }
    }

    static func value(
        _ number: Double, unit: String, for metric: Metric, metricText: String,
        failure: (String) -> ConfigurationError
    ) throws -> Double {
        switch metric {
        case .tps:
            guard unit.isEmpty else {
                throw failure(
                    "has unit '\(unit)', but tps takes a bare number of requests per second: "
                        + "write e.g. 'tps>500'"
                )
            }
            return number
        case .errorRate:
            if unit == "%", number <= 100 { return number / 100 }
            if unit.isEmpty, number <= 1 { return number }
            throw failure(
                "needs a rate as a percentage up to 100% or a fraction up to 1: "
                    + "write e.g. 'errors<1%' or 'errors<0.01'"
            )
        case .percentile, .avg, .max, .poolWaitP95:
            switch unit {
            case "us", "\u{00B5}s", "\u{03BC}s": return number / 1000
            case "ms": return number
            case "s": return number * 1000
            default:
                let problem = unit.isEmpty ? "needs a unit" : "has unknown unit '\(unit)'"
                throw failure("\(problem) for the latency (us, ms or s): write e.g. '\(metricText)<50ms'")
            }
        }
    }

    /// Checks the threshold against a run's figures, overall or for its query.
    public func evaluate(_ figures: some ThresholdFigures) -> ThresholdResult {
        let actual: Double? =
            switch metric {
            case .percentile(let p): figures.latencyMs(percentile: p, query: query)
            case .avg: figures.averageMs(query: query)
            case .max: figures.maxMs(query: query)
            case .tps: figures.throughput(query: query)
            case .errorRate: figures.errorRate(query: query)
            case .poolWaitP95: figures.poolWaitP95Ms()
            }
        if metric.isLatency, metric != .poolWaitP95, figures.successfulRequests(query: query) == 0 {
            // A latency over no samples is no figure at all: an all-failing run must not pass.
            return ThresholdResult(
                threshold: self, passed: false, actual: nil, message: "\(text): no successful requests ✗")
        }
        guard let actual else {
            let why = query.map { "unknown query '\($0)'" } ?? "not measured in this run"
            let message = "\(text): \(why) ✗"
            return ThresholdResult(threshold: self, passed: false, actual: nil, message: message)
        }
        let passed = comparison.holds(actual, value)
        let shown: String =
            switch metric {
            case .tps: "\(Self.format(actual))/s"
            case .errorRate: "\(Self.format(actual * 100))%"
            case .percentile, .avg, .max, .poolWaitP95: "\(Self.format(actual))ms"
            }
        return ThresholdResult(
            threshold: self, passed: passed, actual: actual,
            message: "\(text): \(shown) \(passed ? "✓" : "✗")")
    }

    /// Up to three decimals, trailing zeros dropped: 12.3, 0.005, 500.
    public static func format(_ number: Double) -> String {
        var text = String(format: "%.3f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// The figures a threshold reads, overall (`query == nil`) or for one query; nil means missing.
public protocol ThresholdFigures {
    func latencyMs(percentile: Double, query: String?) -> Double?
    func averageMs(query: String?) -> Double?
    func maxMs(query: String?) -> Double?
    /// Requests per second.
    func throughput(query: String?) -> Double?
    /// Failed requests as a fraction 0…1.
    func errorRate(query: String?) -> Double?
    func poolWaitP95Ms() -> Double?
    /// Requests that succeeded, the samples latency figures are read from.
    func successfulRequests(query: String?) -> Int?
}

/// The outcome of one threshold: whether it held, the figure it read, and a line for the summary.
public struct ThresholdResult: Sendable, Equatable {
    public let threshold: Threshold
    public let passed: Bool
    /// The figure read, in the threshold's units; nil when it was missing.
    public let actual: Double?
    /// E.g. `p(95)<50ms: 12.3ms ✓`, `errors<1%: 2.5% ✗`, `x:avg<1ms: unknown query 'x' ✗`.
    public let message: String
}
