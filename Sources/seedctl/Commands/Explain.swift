import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check from real plans that every catalog query uses its index and stays within budget.",
            discussion: """
                PostgreSQL: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON); the expected index must serve \
                the WHERE (an Index Cond), not just the ORDER BY. SQLite: EXPLAIN QUERY PLAN. Each \
                query also runs repeatedly for p50/p95/max. A sequential scan on a table too small \
                for an index to pay off is a 'small table' verdict, not a failure (unless --strict). \
                Plans are never forced. A catalog write ('-- write') runs, plan and timings alike, \
                in a transaction that is rolled back, so explain never changes the data. Exits 1 \
                when a query fails.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var catalog: CatalogOptions

        /// Queries to check; all when empty.
        @Option(help: ArgumentHelp("Check only this query (repeatable).", valueName: "name"))
        var only: [String] = []

        /// Print one query's plan tree.
        @Option(help: ArgumentHelp("Print this query's plan as a tree.", valueName: "name"))
        var showPlan: String?

        @Option(help: "Output format: text, json or junit.")
        var format: ExplainFormat = .text

        @Flag(help: "Fail 'small table' verdicts too.")
        var strict = false

        @Flag(help: "Do not refresh table statistics (ANALYZE) first.")
        var noAnalyze = false

        @Option(help: "Timed executions per query.")
        var runs = 20

        func validate() throws {
            guard (1...10_000).contains(runs) else {
                throw ValidationError("'--runs' must be between 1 and 10000")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let queries = try catalog.queries(named: only + (showPlan.map { [$0] } ?? []))
                var options = Explainer.Options()
                options.analyze = !noAnalyze
                options.runs = runs
                options.seed = catalog.seed
                try Self.explain(
                    queries, options: options, showPlan: showPlan, format: format, strict: strict,
                    connection: connection)
            }
        }

        /// Checks `queries` and prints the verdicts; `explain` and `setup` both run this. Throws
        /// `ExitStatus.checkFailed` when a query fails.
        static func explain(
            _ queries: [CatalogQuery], options: Explainer.Options, showPlan: String? = nil,
            format: ExplainFormat = .text, strict: Bool = false, connection: ConnectionOptions
        ) throws {
            let (database, _) = try connection.connect()
            let report = try Explainer(connection: database, options: options).run(queries)
            if let showPlan, let query = report.queries.first(where: { $0.name == showPlan }) {
                Terminal.line(query.plan)
            }
            ExplainOutput(report: report, strict: strict).print(as: format)
            guard report.passed(strict: strict) else { throw ExitStatus.checkFailed }
        }
    }
}

/// `explain --format`.
enum ExplainFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit
}
