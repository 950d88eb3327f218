import ArgumentParser
import Foundation
import SeedKit

/// `bench`'s live metrics (`/metrics` while it runs, a file at the end) and its budget rule.
struct BenchMetricsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Serve Prometheus metrics at http://HOST:PORT/metrics while the run goes on, e.g. 127.0.0.1:9464.",
            valueName: "host:port"))
    var metricsListen: String?

    @Option(
        help: ArgumentHelp(
            "Keep serving /metrics this long after the run, so the last figures are scraped, e.g. 30s.",
            valueName: "time"))
    var metricsLinger = TimeSpan(seconds: 0)

    @Option(
        help: ArgumentHelp(
            "Write the metrics at the end of the run to this file (textfile collector, Pushgateway).",
            valueName: "file"))
    var metricsFile: String?

    /// Labels every series, so runs stay apart in one Prometheus; random when not given.
    @Option(
        help: ArgumentHelp("The run's id in the metrics' run_id label (default: random).", valueName: "id"))
    var runID: String?

    /// `--threshold-budgets 1.5`: each query's p95 below 1.5 × its catalog budget.
    @Option(
        help: ArgumentHelp(
            "Add a threshold per query: its p95 below this factor times its catalog budget (max_ms), e.g. 1.5.",
            valueName: "factor"))
    var thresholdBudgets: Double?

    func validate() throws {
        if let thresholdBudgets, !(thresholdBudgets > 0 && thresholdBudgets <= 1000) {
            throw ValidationError("'--threshold-budgets' must be a factor above 0, e.g. 1.5")
        }
        if metricsLinger.seconds > BenchStage.longestSeconds {
            throw ValidationError("'--metrics-linger' must be at most 7 days (168h)")
        }
        if metricsLinger.seconds > 0, metricsListen == nil {
            throw ValidationError("'--metrics-linger' needs '--metrics-listen'")
        }
        if let runID, runID.isEmpty || runID.contains(where: { $0.isNewline }) {
            throw ValidationError("'--run-id' must be a non-empty single line")
        }
        if let metricsFile {
            let folder = URL(fileURLWithPath: metricsFile).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw ValidationError(
                    "'--metrics-file \(metricsFile)': folder \(folder) does not exist or is not writable")
            }
        }
    }

    /// The `--threshold-budgets` rules for `queries`, none without the flag.
    func budgetThresholds(for queries: [CatalogQuery]) throws -> [Threshold] {
        guard let thresholdBudgets else { return [] }
        return try Threshold.budgets(of: queries, factor: thresholdBudgets)
    }

    /// Metrics for the run, started serving when `--metrics-listen` is given; nil when no
    /// metrics flag is.
    func start(queries: [CatalogQuery], catalogPath: String, url: DatabaseURL) throws -> BenchLiveMetrics? {
        guard metricsListen != nil || metricsFile != nil else { return nil }
        let labels = BenchMetrics.Labels(
            catalog: URL(fileURLWithPath: catalogPath).deletingPathExtension().lastPathComponent,
            target: url.databaseName,
            runID: runID ?? String(UInt64.random(in: 0...UInt64(UInt32.max)), radix: 16))
        let metrics = BenchMetrics(queries: queries, labels: labels)
        let server = try metricsListen.map { try MetricsServer(listen: $0, metrics: metrics) }
        if let server {
            Terminal.note("serving metrics at http://\(server.address)/metrics (run_id \(labels.runID))")
        }
        return BenchLiveMetrics(
            metrics: metrics, server: server, file: metricsFile, linger: metricsLinger.seconds)
    }
}
