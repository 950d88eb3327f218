import ArgumentParser
import SeedKit

/// `bench --max-error-rate`: a run whose requests fail at or above the limit exits 6, so a
/// catalog that only errors can never pass as a CI gate. 100% turns the check off.
struct ErrorRateLimit {
    let limit: Percentage

    init(_ limit: Percentage) {
        self.limit = limit
    }

    private var enabled: Bool { limit.percent < 100 }

    /// The limit as a recorded verdict (`errors<1%`), so `--json` and `--report` show it.
    func verdicts(_ result: BenchResult) -> [ThresholdResult] {
        // At 0% no error is allowed: the rule is `errors<=0%`, which a clean run passes.
        let comparison = limit.percent == 0 ? "<=" : "<"
        guard enabled,
            let rule = try? Threshold(parsing: "errors\(comparison)\(Threshold.format(limit.percent))%")
        else { return [] }
        return [rule.evaluate(result)]
    }

    /// The one-line failure when the run's error rate is at or above the limit.
    func failure(_ result: BenchResult) -> ErrorRateExceeded? {
        let failed = result.overall.errors
        let total = result.overall.requests + failed
        guard enabled, failed > 0, total > 0 else { return nil }
        let rate = Double(failed) / Double(total)
        guard rate >= limit.fraction else { return nil }
        return ErrorRateExceeded(
            rate: rate, failed: failed, total: total, limit: limit,
            causes: result.overall.errorsByCause.sorted { $0.value > $1.value }.map(\.key))
    }
}

/// A bench run that failed too many requests (exit 6).
struct ErrorRateExceeded: Error, CustomStringConvertible {
    let rate: Double
    let failed: Int
    let total: Int
    let limit: Percentage
    let causes: [String]

    var description: String {
        let share = Threshold.format(rate * 100)
        let cause = causes.isEmpty ? "" : " (\(causes.prefix(3).joined(separator: ", ")))"
        let advice = causes.lazy.compactMap { BenchResult.advice(for: $0) }.first
        return "\(share)% of requests failed (\(failed.grouped) of \(total.grouped))\(cause), at or above "
            + "--max-error-rate \(Threshold.format(limit.percent))%; "
            + (advice ?? "fix the failing queries, or pass --max-error-rate 100% to allow errors")
    }
}
