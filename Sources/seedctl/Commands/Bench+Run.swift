import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl.Bench {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load the catalog's queries with many clients through a bounded pool (the default when no subcommand is given).",
            discussion: """
                Closed loop by default: each of --clients virtual users picks a query by weight, \
                draws its parameters from the seeded data, waits for one of --connections \
                connections and runs it. With --rate, requests start on a fixed schedule and \
                latency counts from each scheduled start, so a stall is not hidden. Writes in \
                the catalog run in a transaction that is rolled back unless --commit-writes. \
                Latency and pool wait are recorded apart in HdrHistograms; the warm-up is \
                excluded. A failed --threshold, or a regression against --baseline, exits 6.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var load: BenchLoadOptions
        @OptionGroup var outputs: BenchOutputOptions
        @OptionGroup var fleet: BenchSegmentOptions
        @OptionGroup var history: BenchHistoryOptions

        @Option(help: ArgumentHelp("Run only this catalog query (repeatable).", valueName: "name"))
        var query: [String] = []

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var metrics: BenchMetricsOptions

        /// A transform, not `ExpressibleByArgument`, so a bad rule's error says what is wrong with it.
        @Option(
            help: ArgumentHelp(
                "Pass/fail rule, e.g. 'p(95)<50ms', 'errors<1%', 'tps>500', 'session_by_id:p(99)<5ms' "
                    + "(repeatable).",
                valueName: "expr"),
            transform: { try Threshold(parsing: $0) })
        var threshold: [Threshold] = []

        @Flag(help: "Stop as soon as a threshold fails (checked every second; tps only at the end).")
        var abortOnFail = false

        /// A run whose requests fail at or above this rate exits 6, thresholds or not.
        @Option(
            help: ArgumentHelp(
                "Fail the run (exit 6) when this share of requests or more failed; 100% turns it off.",
                valueName: "percent"))
        var maxErrorRate = Percentage(1)

        func validate() throws {
            if abortOnFail, threshold.isEmpty, metrics.thresholdBudgets == nil {
                throw ValidationError("'--abort-on-fail' needs at least one --threshold")
            }
            guard (0...100).contains(maxErrorRate.percent) else {
                throw ValidationError("'--max-error-rate' must be a percentage from 0% to 100%, e.g. 1%")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let queries = try catalog.queries(named: query)
                let budgets = try metrics.budgetThresholds(for: queries)
                let threshold = threshold + budgets
                try Threshold.requireKnownQueries(threshold, in: queries.filter { $0.weight > 0 }.map(\.name))
                let baseline = try outputs.baseline.map {
                    try BenchComparison.load(contentsOf: URL(fileURLWithPath: $0))
                }
                let (setup, database) = try connection.connect(create: false)
                var settings = load.settings()
                settings.seed = catalog.seed
                settings.abortOnFail = abortOnFail
                settings.segment = fleet.segment
                let progress = BenchProgressLine(enabled: outputs.progress || isatty(STDERR_FILENO) != 0)
                progress.start(settings)
                let interrupt = BenchInterrupt()
                let signals = BenchSignals(interrupt)
                defer { signals.restore() }
                let live = try metrics.start(queries: queries, catalogPath: catalog.path, url: database.url)
                defer { live?.server?.stop() }
                let result = try BenchRunner(url: database.url, settings: settings)
                    .run(
                        queries, on: setup, thresholds: threshold, interrupt: interrupt,
                        observer: progress.show, metrics: live?.metrics)
                let errorLimit = ErrorRateLimit(maxErrorRate)
                // A budget is judged on the queries that ran; a --threshold on one that did not fails.
                let judged = threshold.filter {
                    !budgets.contains($0) || result.queries[$0.query ?? ""] != nil
                }
                let verdicts = judged.map { $0.evaluate(result) } + errorLimit.verdicts(result)
                let comparison = baseline.map {
                    BenchComparison(current: result, baseline: $0, tolerance: outputs.tolerance.fraction)
                }
                BenchSummary(result: result, thresholds: verdicts, comparison: comparison).print()
                try outputs.files.write(result, thresholds: verdicts, comparison: comparison)
                if !result.interrupted { try history.record(result) }
                try live?.writeFile()
                live?.lingerAndStop(interrupt: interrupt)
                if result.interrupted {
                    Terminal.error(
                        String(
                            format: "interrupted after %.1f s; the summary and files cover the time measured",
                            result.seconds))
                    throw ExitStatus.interrupted
                }
                if let failure = errorLimit.failure(result) { throw failure }
                if verdicts.contains(where: { !$0.passed }) || comparison?.regressions.isEmpty == false {
                    throw ExitStatus.thresholdFailed
                }
            }
        }
    }
}
