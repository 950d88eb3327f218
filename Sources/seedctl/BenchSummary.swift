import Foundation
import SeedKit

/// The closing table of a bench run.
struct BenchSummary {
    let result: BenchResult
    let thresholds: [ThresholdResult]

    func print() {
        func row(_ name: String, _ figures: BenchResult.Latency) -> [String] {
            [name, String(figures.requests), String(format: "%.1f", figures.tps), String(format: "%.2f", figures.p50Ms),
             String(format: "%.2f", figures.p95Ms), String(format: "%.2f", figures.p99Ms), String(format: "%.2f", figures.maxMs),
             String(figures.errors)]
        }
        let rows = result.queries.sorted { $0.key < $1.key }.map { row($0.key, $0.value) } + [row("ALL", result.overall)]
        Terminal.line(Terminal.table(["QUERY", "REQUESTS", "TPS", "P50 MS", "P95 MS", "P99 MS", "MAX MS", "ERRORS"], rows))
        let causes = result.overall.errorsByCause.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
        Terminal.line(String(
            format: "%d clients over %d connections for %.1f s on %@: %.1f tps, pool wait p50/p95/p99 %.2f/%.2f/%.2f ms, %d error(s)%@, %d reconnect(s), peak RSS %.0f MB (%+.1f MB since warm-up)",
            result.clients, result.connections, result.seconds, result.server, result.overall.tps, result.poolWait.p50Ms,
            result.poolWait.p95Ms, result.poolWait.p99Ms, result.overall.errors, causes.isEmpty ? "" : " (\(causes))",
            result.reconnects, Double(result.peakRSSBytes) / 1e6, Double(result.rssGrowthBytes) / 1e6))
        for threshold in thresholds { Terminal.line("threshold \(threshold.message)") }
    }
}
