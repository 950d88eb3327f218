import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl.Bench {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the --json files of bench segments into one result, with exact percentiles.",
            discussion: """
                Adds the HdrHistograms (per query, overall, pool wait) and the counters of \
                'bench --segment K/N' results, or of runs with the same catalog and settings, \
                so the merged percentiles are those of every request together. Refuses files of \
                different catalogs or settings, naming what differs, and a repeated or missing \
                segment. A failed --threshold exits 6.
                """)

        @Argument(help: ArgumentHelp("The --json files of the segments.", valueName: "file.json"))
        var files: [String]

        @Option(help: ArgumentHelp("Write the merged figures as JSON to this file.", valueName: "file"))
        var json: String?

        @Option(help: ArgumentHelp("Write the merged HTML report to this file.", valueName: "file.html"))
        var report: String?

        @Option(
            help: ArgumentHelp(
                "Pass/fail rule on the merged figures, as for 'bench run' (repeatable).", valueName: "expr"),
            transform: { try Threshold(parsing: $0) })
        var threshold: [Threshold] = []

        @Option(
            help: ArgumentHelp(
                "Fail (exit 6) when this share of requests or more failed; 100% turns it off.",
                valueName: "percent"))
        var maxErrorRate = Percentage(1)

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one --json file to merge") }
            guard (0...100).contains(maxErrorRate.percent) else {
                throw ValidationError("'--max-error-rate' must be a percentage from 0% to 100%, e.g. 1%")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let inputs = try files.map {
                    BenchMerge.Input(
                        source: $0,
                        result: try BenchComparison.load(contentsOf: URL(fileURLWithPath: $0), role: "result")
                    )
                }
                let result = try BenchMerge.merge(inputs, thresholds: threshold)
                try Threshold.requireKnownQueries(threshold, in: result.settings.queries)
                let errorLimit = ErrorRateLimit(maxErrorRate)
                let verdicts = threshold.map { $0.evaluate(result) } + errorLimit.verdicts(result)
                BenchSummary(result: result, thresholds: verdicts, comparison: nil).print()
                try BenchFiles(json: json, report: report).write(
                    result, thresholds: verdicts, comparison: nil)
                if let failure = errorLimit.failure(result) { throw failure }
                if verdicts.contains(where: { !$0.passed }) { throw ExitStatus.thresholdFailed }
            }
        }
    }
}
