import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the catalog's queries with many clients through a bounded pool; report percentiles and thresholds.",
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

        @Option(help: ArgumentHelp("Run only this catalog query (repeatable).", valueName: "name"))
        var query: [String] = []

        @Option(help: ArgumentHelp("Query catalog.", valueName: "file"))
        var catalog = "Seeds/catalog.sql"

        @Option(help: "Seed for the query mix and parameters.")
        var seed: UInt64 = 42

        @Option(help: ArgumentHelp("Pass/fail rule, e.g. 'p(95)<50ms', 'errors<1%', 'tps>500', 'session_by_id:p(99)<5ms' (repeatable).", valueName: "expr"))
        var threshold: [String] = []

        @Flag(help: "Stop as soon as a threshold fails (checked every second; tps only at the end).")
        var abortOnFail = false

        func validate() throws {
            try load.check()
            try outputs.check()
            for text in threshold {
                do { _ = try Threshold(parsing: text) } catch { throw ValidationError("\(error)") }
            }
            if abortOnFail, threshold.isEmpty { throw ValidationError("'--abort-on-fail' needs at least one --threshold") }
        }

        func run() throws {
            try ExitStatus.reporting {
                var queries = try CatalogParser.load(contentsOf: URL(fileURLWithPath: catalog))
                if !query.isEmpty {
                    if let unknown = query.first(where: { name in !queries.contains { $0.name == name } }) {
                        throw ConfigurationError("no query named '\(unknown)' in \(catalog)")
                    }
                    queries = queries.filter { query.contains($0.name) }
                }
                let thresholds = try threshold.map(Threshold.init(parsing:))
                let baseline = try outputs.baseline.map { try BenchComparison.load(contentsOf: URL(fileURLWithPath: $0)) }
                let (_, database) = try connection.connect()
                var settings = try load.settings()
                settings.seed = seed
                settings.abortOnFail = abortOnFail
                let progress = BenchProgressLine(enabled: outputs.progress || isatty(STDERR_FILENO) != 0)
                progress.start(settings)
                let result = try BenchRunner(url: database.url, settings: settings).run(queries, thresholds: thresholds, observer: progress.show)
                let verdicts = thresholds.map { $0.evaluate(result) }
                let comparison = baseline.map { BenchComparison(current: result, baseline: $0, tolerance: outputs.toleranceFraction) }
                BenchSummary(result: result, thresholds: verdicts, comparison: comparison).print()
                try outputs.write(result, thresholds: verdicts, comparison: comparison)
                if verdicts.contains(where: { !$0.passed }) || comparison?.regressions.isEmpty == false {
                    throw ExitStatus.thresholdFailed
                }
            }
        }
    }
}
