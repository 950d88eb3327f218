import Foundation

/// A bench run compared with a baseline run: latency percentiles, throughput and error rate,
/// overall and per query present in both, and which changed for the worse beyond a tolerance.
public struct BenchComparison: Sendable {
    /// A figure compared between the runs.
    public enum Metric: String, Sendable, CaseIterable {
        /// Latency percentiles, in milliseconds.
        case p50, p95, p99
        /// Completed requests per second.
        case tps
        /// Failed requests as a fraction of all requests.
        case errors

        /// Whether a larger value is worse (latency, error rate) rather than better (tps).
        public var higherIsWorse: Bool { self != .tps }

        /// Changes smaller than this, in the metric's unit, never count as better or worse.
        public var floor: Double {
            switch self {
            case .p50, .p95, .p99: BenchComparison.latencyFloorMs
            case .errors: BenchComparison.errorRateFloor
            case .tps: 0
            }
        }
    }

    /// One figure of one query, or of the whole run, in both runs.
    public struct Row: Sendable, Equatable {
        /// The query; nil for the whole run.
        public let query: String?
        /// The figure compared.
        public let metric: Metric
        /// The baseline's figure: milliseconds for latency, requests per second for tps, a
        /// fraction 0…1 of failed requests for errors.
        public let before: Double
        /// This run's figure, in the same unit.
        public let after: Double
        /// (after − before) / before; nil when `before` is 0 and a ratio means nothing.
        public let change: Double?
        /// Worse by more than the tolerance and the metric's floor.
        public let regressed: Bool
        /// Better by more than the tolerance and the metric's floor.
        public let improved: Bool
    }

    /// Latency changes under 0.05 ms never count: at that size they are timer and scheduler
    /// noise, and a fast query's 0.1 → 0.13 ms is +30% without meaning anything.
    public static let latencyFloorMs = 0.05
    /// Error-rate changes under 0.1 percentage point never count (one stray error in a short run).
    public static let errorRateFloor = 0.001

    /// The fraction a figure may get worse before it counts as a regression (0.10 = 10%).
    public let tolerance: Double
    /// Every compared figure: the whole run first, then queries by name, metrics in `Metric` order.
    public let rows: [Row]
    /// Queries measured in this run and not in the baseline, by name.
    public let added: [String]
    /// Queries measured in the baseline and not in this run, by name.
    public let removed: [String]
    /// How the two runs' settings differ (clients, connections, pace, writes), which makes
    /// their figures hard to compare; empty when they match.
    public let settingsDiffer: [String]

    /// The rows that got worse beyond the tolerance.
    public var regressions: [Row] { rows.filter(\.regressed) }

    /// Compares `current` with `baseline` (see ``load(contentsOf:)``); `tolerance` is a fraction, 0 or more.
    public init(current: BenchResult, baseline: BenchResult, tolerance: Double = 0.10) {
        let tolerance = max(0, tolerance)
        self.tolerance = tolerance
        let shared = Set(current.queries.keys).intersection(baseline.queries.keys).sorted()
        var rows = Self.rows(query: nil, current.overall, baseline.overall, tolerance: tolerance)
        for name in shared {
            if let after = current.queries[name], let before = baseline.queries[name] {
                rows += Self.rows(query: name, after, before, tolerance: tolerance)
            }
        }
        self.rows = rows
        added = Set(current.queries.keys).subtracting(baseline.queries.keys).sorted()
        removed = Set(baseline.queries.keys).subtracting(current.queries.keys).sorted()
        let (now, then) = (current.settings, baseline.settings)
        settingsDiffer = [
            now.clients != then.clients ? "clients \(then.clients) → \(now.clients)" : nil,
            now.connections != then.connections
                ? "connections \(then.connections) → \(now.connections)" : nil,
            now.rate != then.rate
                ? "rate \(then.rate.map { "\($0)/s" } ?? "closed loop") → \(now.rate.map { "\($0)/s" } ?? "closed loop")"
                : nil,
            now.stages != then.stages ? "stages differ" : nil,
            now.commitWrites != then.commitWrites
                ? "commit writes \(then.commitWrites) → \(now.commitWrites)" : nil,
        ].compactMap { $0 }
    }

    /// Rows for one query: latency only when both runs completed requests, errors only when
    /// both ran any.
    private static func rows(
        query: String?, _ after: BenchResult.Latency, _ before: BenchResult.Latency, tolerance: Double
    ) -> [Row] {
        func errorRate(_ figures: BenchResult.Latency) -> Double? {
            let total = figures.requests + figures.errors
            return total == 0 ? nil : Double(figures.errors) / Double(total)
        }
        let timed = after.requests > 0 && before.requests > 0
        var pairs: [(Metric, Double, Double)] = []
        if timed {
            pairs += [
                (.p50, before.p50Ms, after.p50Ms), (.p95, before.p95Ms, after.p95Ms),
                (.p99, before.p99Ms, after.p99Ms),
            ]
        }
        pairs.append((.tps, before.tps, after.tps))
        if let beforeRate = errorRate(before), let afterRate = errorRate(after) {
            pairs.append((.errors, beforeRate, afterRate))
        }
        return pairs.map { metric, before, after in
            Row(query: query, metric: metric, before: before, after: after, tolerance: tolerance)
        }
    }
}

extension BenchComparison.Row {
    /// `metric` of `query` gone from `before` to `after`, judged: a regression or an improvement
    /// when it changed by more than `tolerance` (a fraction) and the metric's floor. `bench
    /// --baseline` and `bench trend` share this rule.
    public init(
        query: String?, metric: BenchComparison.Metric, before: Double, after: Double, tolerance: Double
    ) {
        let change = before == 0 ? nil : (after - before) / before
        let worsening = metric.higherIsWorse ? after - before : before - after
        // The ratio test gets a hair of slack, so exactly +10% at a 10% tolerance is not flagged by rounding.
        let beyond = abs(worsening) >= metric.floor && (change.map { abs($0) > tolerance + 1e-9 } ?? true)
        self.init(
            query: query, metric: metric, before: before, after: after, change: change,
            regressed: beyond && worsening > 0, improved: beyond && worsening < 0)
    }
}

// MARK: Loading a baseline

extension BenchComparison {
    private struct File: Decodable {
        let result: BenchResult
    }

    /// The result stored in an earlier run's `--json` file at `url` (its top-level `result` object).
    ///
    /// Throws a one-line ``ConfigurationError`` naming the file (as `role`, e.g. `baseline`)
    /// when it is missing or unreadable, is not JSON, or is JSON that `seedctl bench --json`
    /// did not write.
    public static func load(contentsOf url: URL, role: String = "baseline") throws -> BenchResult {
        let path = url.path
        let remedy = "pass a file written by an earlier 'seedctl bench --json FILE'"
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let problem = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ConfigurationError("\(role) \(path) \(problem); \(remedy)")
        }
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigurationError("\(role) \(path) is not JSON; \(remedy)")
        }
        guard let object = top as? [String: Any], object["result"] is [String: Any] else {
            throw ConfigurationError(
                "\(role) \(path) is not a seedctl bench JSON file (no \"result\" object); \(remedy)")
        }
        do {
            return try JSONDecoder().decode(File.self, from: data).result
        } catch {
            throw ConfigurationError(
                "\(role) \(path) is not a seedctl bench JSON file (\(describe(error))); \(remedy)")
        }
    }

    /// What a decoding error found wrong, as a short clause: `result.overall has no "p95Ms"`.
    private static func describe(_ error: any Error) -> String {
        func place(_ context: DecodingError.Context) -> String {
            String(
                context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                    .dropFirst())
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "\(place(context)) has no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(place(context)) has the wrong type"
        case DecodingError.dataCorrupted(let context):
            return "\(place(context)) is invalid"
        default:
            return "unreadable figures"
        }
    }
}

// MARK: Describing the comparison

extension BenchComparison {
    /// Lines for the terminal summary: the verdict, one line per regression, added and removed queries.
    public var summaryLines: [String] {
        var lines = [
            "baseline: \(regressions.count) regression(s) beyond \(Threshold.format(tolerance * 100))% "
                + "in \(rows.count) compared figures"
        ]
        if !settingsDiffer.isEmpty {
            lines.append(
                "warning: the baseline ran with other settings (\(settingsDiffer.joined(separator: ", "))); its figures may not compare"
            )
        }
        lines += regressions.map { "regression \($0)" }
        if !added.isEmpty { lines.append("only in this run: \(added.joined(separator: ", "))") }
        if !removed.isEmpty { lines.append("only in the baseline: \(removed.joined(separator: ", "))") }
        return lines
    }
}

extension BenchComparison.Metric {
    /// `0.412 ms`, `1520.3/s`, `0.25%`.
    func formatted(_ value: Double) -> String {
        switch self {
        case .tps: String(format: "%.1f/s", value)
        case .errors: String(format: "%.2f%%", value * 100)
        case .p50, .p95, .p99: BenchReport.milliseconds(value) + " ms"
        }
    }
}

extension BenchComparison.Row: CustomStringConvertible {
    /// `session_by_id p95 0.445 ms → 0.612 ms (+37.5%)`; `all queries` for the whole run.
    public var description: String {
        "\(query ?? "all queries") \(metric.rawValue) \(metric.formatted(before)) → \(metric.formatted(after)) (\(shownChange))"
    }

    /// `+37.5%`; `±0` or `from 0` when the baseline is 0.
    var shownChange: String {
        change.map { String(format: "%+.1f%%", $0 * 100) } ?? (after == before ? "±0" : "from 0")
    }
}
