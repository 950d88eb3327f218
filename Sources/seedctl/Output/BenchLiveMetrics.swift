import Foundation
import SeedKit

/// A run's metrics while `bench` goes on and after: the `/metrics` server, if any, the
/// `--metrics-file` written at the end, and the `--metrics-linger` wait before the server stops.
struct BenchLiveMetrics {
    let metrics: BenchMetrics
    let server: MetricsServer?
    let file: String?
    let linger: Double

    /// Writes `--metrics-file` (Prometheus text format, what the textfile collector and the
    /// Pushgateway read).
    func writeFile() throws {
        guard let file else { return }
        do {
            // Atomic (a new file renamed into place): node_exporter never reads half a file.
            try Data(metrics.text(format: .prometheus).utf8).write(
                to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw ConfigurationError(
                "cannot write \(file): \((error as NSError).localizedDescription); check the folder is writable"
            )
        }
    }

    /// Serves the final figures for `--metrics-linger` (Ctrl-C ends the wait), then stops.
    func lingerAndStop(interrupt: BenchInterrupt) {
        guard let server else { return }
        if linger > 0, !interrupt.isStopped {
            fflush(nil)  // the summary first, also when standard output is a file
            Terminal.note(String(format: "serving the final metrics for %gs more (Ctrl-C stops)", linger))
            let end = Date().addingTimeInterval(linger)
            while Date() < end, !interrupt.isStopped { Thread.sleep(forTimeInterval: 0.05) }
        }
        server.stop()
    }
}
