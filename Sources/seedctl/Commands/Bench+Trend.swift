import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl.Bench {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chart the history's runs and flag a regression of the latest (exit 6).",
            discussion: """
                Compares the latest run's p50, p95, p99, throughput and error rate, per query and \
                overall, with the median of the --last runs before it, by the rules of \
                'bench --baseline' (--tolerance; latency changes under 0.05 ms never count). \
                --report draws p50/p95/p99 and throughput across every run, one chart per query. \
                A regression exits 6, so CI can run it nightly.
                """)

        @OptionGroup var location: BenchHistoryLocation

        @Option(
            help: ArgumentHelp(
                "Write the trend as a self-contained HTML page to this file.", valueName: "file.html"))
        var report: String?

        @Option(help: ArgumentHelp("How many runs before the latest to take the median of.", valueName: "K"))
        var last = 5

        @Option(
            help: ArgumentHelp(
                "How much worse than the median a figure may be, e.g. 10%.", valueName: "percent"))
        var tolerance = Percentage(10)

        func validate() throws {
            guard (1...1000).contains(last) else {
                throw ValidationError("'--last' must be between 1 and 1000")
            }
            guard (0...1000).contains(tolerance.percent) else {
                throw ValidationError("'--tolerance' must be a percentage like 10%")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let trend = BenchTrend(runs: try location.runs(), window: last, tolerance: tolerance.fraction)
                if let latest = trend.runs.last, trend.compared > 0 {
                    Terminal.line(
                        "run \(trend.runs.count) (\(latest.name), \(latest.at)) against the median of the "
                            + "\(trend.compared) run(s) before it: \(trend.regressions.count) regression(s) beyond "
                            + "\(Threshold.format(tolerance.percent))% in \(trend.rows.count) compared figures"
                    )
                } else {
                    Terminal.line(
                        "\(trend.runs.count) run(s) in \(location.history): a trend needs at least two")
                }
                for row in trend.regressions { Terminal.line("regression \(row)") }
                if let report {
                    do {
                        try Data(BenchTrendReport.html(trend).utf8).write(to: URL(fileURLWithPath: report))
                    } catch {
                        throw ConfigurationError(
                            "cannot write \(report): \((error as NSError).localizedDescription); check the folder exists and is writable"
                        )
                    }
                }
                if !trend.regressions.isEmpty { throw ExitStatus.thresholdFailed }
            }
        }
    }
}
