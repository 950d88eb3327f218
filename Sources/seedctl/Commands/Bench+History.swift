import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl.Bench {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the runs 'bench --history' kept, oldest first.")

        @OptionGroup var location: BenchHistoryLocation

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            try ExitStatus.reporting {
                let runs = try location.runs()
                switch format {
                case .json:
                    Terminal.line(try PrettyJSON.string(runs))
                case .text:
                    Terminal.line(
                        Terminal.table(
                            [
                                "#", "WHEN (UTC)", "NAME", "SERVER", "CLIENTS", "REQUESTS", "TPS", "P95 MS",
                                "P99 MS",
                            ],
                            runs.enumerated().map { index, run in
                                [
                                    "\(index + 1)",
                                    String(run.at.prefix(19)).replacingOccurrences(of: "T", with: " "),
                                    run.name, run.server, "\(run.settings.clients)",
                                    run.overall.requests.grouped,
                                    String(format: "%.1f", run.overall.tps),
                                    String(format: "%.3f", run.overall.p95Ms),
                                    String(format: "%.3f", run.overall.p99Ms),
                                ]
                            }))
                    Terminal.line("\(runs.count) run(s) in \(location.history)")
                }
            }
        }
    }
}
