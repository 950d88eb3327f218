import Foundation
import SeedKit

/// A line a second on standard error while a bench measures, like `pgbench -P 1`; off when
/// standard error is not a terminal, unless `--progress`.
struct BenchProgressLine: Sendable {
    let enabled: Bool

    /// Says what is about to run.
    func start(_ settings: BenchSettings) {
        guard enabled else { return }
        let pace = settings.rate.map { String(format: "%.0f requests/s", $0) } ?? "closed loop"
        let length =
            settings.transactions.map { "\($0) requests" }
            ?? String(format: "%.0f s", settings.measuredSeconds)
        Terminal.note(
            "bench: \(settings.clients) clients, \(settings.connections) connections, \(pace), \(length)"
                + (settings.stages.isEmpty && settings.warmup > 0
                    ? String(format: " after %.0f s warm-up", settings.warmup) : ""))
    }

    var show: @Sendable (BenchProgress) -> Void {
        { [enabled] progress in
            guard enabled else { return }
            Terminal.note(
                String(
                    format: "progress: %5.1f s, %9.1f tps, p95 %@, %@ error(s), %d clients", progress.elapsed,
                    progress.tps,
                    Terminal.duration(ms: progress.p95Ms), progress.errors.grouped, progress.clients))
        }
    }
}
