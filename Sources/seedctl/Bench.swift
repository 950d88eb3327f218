import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the catalog's queries with many clients through a bounded pool; report percentiles and thresholds.",
            discussion: """
                Closed loop: each of --clients virtual users picks a query by weight, draws its \
                parameters from the seeded data, waits for one of --connections connections and \
                runs it. Latency and pool wait are recorded apart in HdrHistograms; the warm-up \
                is excluded. A failed --threshold exits 6.
                """)

        @OptionGroup var connection: ConnectionOptions

        @Option(help: "Virtual clients (1 to 2000).")
        var clients = 10

        @Option(help: "Pooled database connections shared by the clients.")
        var connections = 5

        @Option(help: ArgumentHelp("Measured time, e.g. 20s, 500ms, 2m.", valueName: "time"))
        var duration = "10s"

        @Option(help: ArgumentHelp("Untimed warm-up before measuring.", valueName: "time"))
        var warmup = "2s"

        @Option(help: "Stop after this many measured requests instead of --duration.")
        var transactions: Int?

        @Option(help: ArgumentHelp("Pause of each client between requests.", valueName: "time"))
        var thinkTime = "0s"

        @Option(help: ArgumentHelp("Run only this catalog query (repeatable).", valueName: "name"))
        var query: [String] = []

        @Option(help: ArgumentHelp("Query catalog.", valueName: "file"))
        var catalog = "Seeds/catalog.sql"

        @Option(help: "Seed for the query mix and parameters.")
        var seed: UInt64 = 42

        @Option(help: ArgumentHelp("Pass/fail rule, e.g. 'p(95)<50ms', 'errors<1%', 'tps>500', 'session_by_id:p(99)<5ms' (repeatable).", valueName: "expr"))
        var threshold: [String] = []

        @Option(help: ArgumentHelp("Write every figure as JSON to this file.", valueName: "file"))
        var json: String?

        func validate() throws {
            guard (1...2000).contains(clients) else { throw ValidationError("'--clients' must be between 1 and 2000") }
            guard (1...1000).contains(connections) else { throw ValidationError("'--connections' must be between 1 and 1000") }
            for (flag, value) in [("--duration", duration), ("--warmup", warmup), ("--think-time", thinkTime)] {
                guard Self.seconds(value) != nil else { throw ValidationError("'\(flag)' must be a time like 20s, 500ms or 2m") }
            }
            if let transactions, transactions < 1 { throw ValidationError("'--transactions' must be at least 1") }
            for text in threshold {
                do { _ = try Threshold(parsing: text) } catch { throw ValidationError("\(error)") }
            }
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
                let (_, settings) = try connection.connect()
                var options = BenchRunner.Options()
                options.clients = clients
                options.connections = connections
                options.duration = Self.seconds(duration) ?? 10
                options.warmup = Self.seconds(warmup) ?? 2
                options.thinkTime = Self.seconds(thinkTime) ?? 0
                options.transactions = transactions
                options.seed = seed
                let percentiles = thresholds.compactMap { threshold -> Double? in
                    if case .percentile(let p) = threshold.metric { return p }
                    return nil
                }
                let result = try BenchRunner(url: settings.url, options: options).run(queries, percentiles: percentiles)
                let verdicts = thresholds.map { $0.evaluate(result) }
                BenchSummary(result: result, thresholds: verdicts).print()
                if let json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    try encoder.encode(BenchJSON(result: result, thresholds: verdicts, settings: options, target: settings.url.description))
                        .write(to: URL(fileURLWithPath: json))
                }
                if verdicts.contains(where: { !$0.passed }) { throw ExitStatus.thresholdFailed }
            }
        }

        /// `20s`, `500ms`, `2m`, `1.5s`, `250us` in seconds.
        static func seconds(_ text: String) -> Double? {
            let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)]
            for (suffix, scale) in units where text.hasSuffix(suffix) {
                guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
                return value * scale
            }
            return nil
        }
    }
}

/// `bench --json`: the figures, thresholds and the run's settings.
private struct BenchJSON: Encodable {
    let result: BenchResult
    let thresholds: [[String: String]]
    let settings: [String: String]
    let target: String

    init(result: BenchResult, thresholds: [ThresholdResult], settings: BenchRunner.Options, target: String) {
        self.result = result
        self.thresholds = thresholds.map { ["threshold": $0.threshold.text, "passed": String($0.passed), "message": $0.message] }
        self.settings = [
            "clients": String(settings.clients), "connections": String(settings.connections),
            "duration_s": String(settings.duration), "warmup_s": String(settings.warmup),
            "transactions": settings.transactions.map(String.init) ?? "", "seed": String(settings.seed),
        ]
        self.target = target
    }
}
