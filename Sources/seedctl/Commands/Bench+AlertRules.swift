import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl.Bench {
    struct AlertRules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alert-rules",
            abstract:
                "Print Prometheus alerting rules from the catalog's budgets, for 'bench --metrics-listen'.",
            discussion: """
                One rule per catalog query (weight above 0): its p95 latency, from the \
                seedctl_bench_request_duration_seconds histogram, above --factor times its \
                budget (max_ms) for --for; and one rule for any query whose errors pass \
                --error-rate of its requests. Check them with 'promtool check rules'.
                """)

        @Option(name: .customLong("catalog"), help: ArgumentHelp("Query catalog.", valueName: "file"))
        var catalogPath = "Seeds/catalog.sql"

        @Option(help: ArgumentHelp("Alert when p95 passes this multiple of the budget.", valueName: "factor"))
        var factor = 1.5

        /// Prometheus's `for:`.
        @Option(
            name: .customLong("for"),
            help: ArgumentHelp(
                "How long a condition must hold before the alert fires, e.g. 5m.", valueName: "time"))
        var holdFor = TimeSpan(seconds: 300)

        @Option(help: ArgumentHelp("Alert when this share of a query's requests fail.", valueName: "percent"))
        var errorRate = Percentage(1)

        @Option(
            help: ArgumentHelp(
                "The rate() window: at least four scrape intervals, e.g. 1m for a 15s scrape.",
                valueName: "time"))
        var window = TimeSpan(seconds: 60)

        func validate() throws {
            guard factor > 0, factor <= 1000 else {
                throw ValidationError("'--factor' must be above 0, e.g. 1.5")
            }
            guard errorRate.percent > 0, errorRate.percent <= 100 else {
                throw ValidationError(
                    "'--error-rate' must be a percentage above 0% and at most 100%, e.g. 1%")
            }
            guard window.seconds >= 0.001, window.seconds <= BenchStage.longestSeconds,
                holdFor.seconds <= BenchStage.longestSeconds
            else {
                throw ValidationError("'--window' must be from 1ms to 168h, and '--for' at most 168h")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let queries = try Catalog(contentsOf: URL(fileURLWithPath: catalogPath)).selecting([])
                var rules = SeedKit.AlertRules()
                rules.factor = factor
                rules.forSeconds = holdFor.seconds
                rules.errorRate = errorRate.fraction
                rules.windowSeconds = window.seconds
                let catalog = URL(fileURLWithPath: catalogPath).deletingPathExtension().lastPathComponent
                Swift.print(try rules.yaml(for: queries, catalog: catalog), terminator: "")
            }
        }
    }
}
