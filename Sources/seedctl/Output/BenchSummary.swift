import Foundation
import SeedKit

/// The closing table of a bench run.
struct BenchSummary {
    let result: BenchResult
    let thresholds: [ThresholdResult]
    let comparison: BenchComparison?

    func print() {
        func row(_ name: String, _ figures: BenchResult.Latency) -> [String] {
            [
                name, figures.requests.grouped, String(format: "%.1f", figures.tps),
                String(format: "%.2f", figures.p50Ms),
                String(format: "%.2f", figures.p95Ms), String(format: "%.2f", figures.p99Ms),
                String(format: "%.2f", figures.maxMs),
                figures.errors.grouped,
            ]
        }
        let rows =
            result.queries.sorted { $0.key < $1.key }.map { row($0.key, $0.value) } + [
                row("ALL", result.overall)
            ]
        Terminal.line(
            Terminal.table(
                ["QUERY", "REQUESTS", "TPS", "P50 MS", "P95 MS", "P99 MS", "MAX MS", "ERRORS"], rows))
        let settings = result.settings
        let causes = result.overall.errorsByCause.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
            .joined(separator: ", ")
        let pace = settings.rate.map { String(format: ", %.0f requests/s scheduled", $0) } ?? ""
        let share = settings.segment.map { "segment \($0) of " } ?? ""
        Terminal.line(
            "\(share)\(settings.clients) clients over \(settings.connections) connections for \(String(format: "%.1f", result.seconds)) s on \(result.server)\(pace): "
                + String(format: "%.1f tps", result.overall.tps)
                + ", pool wait p50/p95/p99 "
                + String(
                    format: "%.2f/%.2f/%.2f ms", result.poolWait.p50Ms, result.poolWait.p95Ms,
                    result.poolWait.p99Ms)
                + ", \(result.overall.errors.grouped) error(s)\(causes.isEmpty ? "" : " (\(causes))"), \(result.reconnects) reconnect(s)"
                + String(
                    format: ", peak RSS %.0f MB (%+.1f MB since warm-up)", Double(result.peakRSSBytes) / 1e6,
                    Double(result.rssGrowthBytes) / 1e6))
        for (kind, figures) in result.transactionEnds.sorted(by: { $0.key < $1.key }) {
            Terminal.line(
                String(
                    format: "%@: %d, p50/p95/p99 %.2f/%.2f/%.2f ms", kind, figures.requests, figures.p50Ms,
                    figures.p95Ms, figures.p99Ms))
        }
        for (cause, message) in result.firstErrors.sorted(by: { $0.key < $1.key }) {
            Terminal.line("first \(cause) error: \(message)")
        }
        if let reason = result.abortedBecause { Terminal.line("stopped early: \(reason)") }
        for threshold in thresholds { Terminal.line("threshold \(threshold.message)") }
        if let comparison {
            for line in comparison.summaryLines { Terminal.line(line) }
        }
    }
}
