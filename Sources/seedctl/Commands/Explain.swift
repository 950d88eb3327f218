import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check from real plans that every catalog query uses its index and stays within budget.",
            discussion: """
                PostgreSQL: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON); SQLite: EXPLAIN QUERY PLAN. \
                Every node that reads a table is judged: a full read of a table of 10,000 rows or \
                more fails unless '-- full scan: TABLE' allows it; the expected index must serve a \
                read with a condition on its leading column, its partial-index predicate, or ORDER \
                BY … LIMIT with no filter. Every 'one of' value and five draws of sampled parameters \
                are judged; the worst verdict wins and names the value. A plan on small tables only \
                is 'small table', not a failure (unless --strict). A query the database refuses is \
                an 'error' verdict at FILE:LINE:COLUMN; the run goes on. Timing stops early once \
                p95 is certain to be over budget. Plans are never forced. A catalog write \
                ('-- write') runs in a transaction that is rolled back. Exits 1 when a query fails.
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

        @Flag(
            help:
                "For each failing query, print the CREATE INDEX that would serve it, proven on a hypothetical plan (PostgreSQL needs hypopg); never applied."
        )
        var suggest = false

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
                guard !queries.isEmpty else {
                    throw ConfigurationError(
                        "\(catalog.path) holds no queries, so there is nothing to explain; add '-- name:' blocks or pass the right --catalog"
                    )
                }
                var options = Explainer.Options()
                options.analyze = !noAnalyze
                options.runs = runs
                options.seed = catalog.seed
                options.suggest = suggest
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
            // Explain needs a writable connection (ANALYZE, rolled-back writes) but must not
            // create a SQLite file that is not there: an empty new file would only be refused.
            if case .sqlite(let path) = try connection.settings().url.backend, path != ":memory:",
                !path.hasPrefix("file:"), !FileManager.default.fileExists(atPath: path)
            {
                // Exit 2, as `status` and `validate` give for a missing file.
                throw DatabaseError(
                    code: .sqlite("CANTOPEN"),
                    message:
                        "no SQLite database at '\(path)' (explain does not create one); check the path or --database-url, or run 'seedctl migrate' and 'seedctl seed' to create it"
                )
            }
            let (database, _) = try connection.connect()
            var options = options
            options.progress = ExplainProgress.callback()
            let report: ExplainReport
            do {
                defer { ExplainProgress.finish() }
                report = try Explainer(connection: database, options: options).run(queries)
            }
            // With --format json the plan is in the document ("plan"): stdout stays one JSON.
            if format == .text, let showPlan, let query = report.queries.first(where: { $0.name == showPlan })
            {
                Terminal.line(query.plan)
            }
            if options.suggest, let reason = report.suggestionsUnavailable {
                Terminal.note("seedctl: --suggest skipped: \(reason)")
            }
            ExplainOutput(report: report, strict: strict, suggest: options.suggest).print(as: format)
            guard report.passed(strict: strict) else { throw ExitStatus.checkFailed }
        }
    }
}

/// `explain --format`.
enum ExplainFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit
}
