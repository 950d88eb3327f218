import Foundation

/// Runs catalog queries against a seeded database: reads each plan (PostgreSQL
/// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`, SQLite `EXPLAIN QUERY PLAN`), judges it against
/// the query's expectation, and times plain executions against the budget. Plans are never
/// forced.
///
/// Explain never changes the dataset: a write (`-- write`) has its plan read, and each timed
/// run made, in a transaction of its own that is rolled back, even when the statement fails.
/// PostgreSQL's EXPLAIN ANALYZE executes the statement, so this matters for the plan too.
public struct Explainer {
    /// How to run.
    public struct Options: Sendable {
        /// Refresh table statistics first.
        public var analyze = true
        /// Timed executions per query, after `warmup` untimed ones.
        public var runs = 20
        public var warmup = 3
        /// Seed for parameter draws.
        public var seed: UInt64 = 42
        /// A full read of a table with at least this many rows fails; below it, a plan that
        /// uses no index is a `small table` verdict.
        public var smallTableRows = 10_000
        /// Plans judged per query with sampled parameters (every `one of` value is judged too).
        public var sampleDraws = 5
        /// Propose, for each failing query, the index that would serve it (`--suggest`).
        public var suggest = false
        /// Called before each query is checked: its position (from 0), the count, its name.
        public var progress: (@Sendable (Int, Int, String) -> Void)?

        public init() {}
    }

    /// At most this many plans are judged per query (the product of its `one of` lists).
    static let maximumPlanDraws = 48

    public let connection: any Connection
    public let options: Options

    public init(connection: any Connection, options: Options = Options()) {
        self.connection = connection
        self.options = options
    }

    /// Checks `queries`; fails when the database is not migrated or holds no seeded data.
    public func run(_ queries: [CatalogQuery]) throws -> ExplainReport {
        try SeededTables.readiness(on: connection).requireSeeded(
            else: "the database holds no seeded data, so plans would mean nothing; run 'seedctl seed' first")
        let tables = SeedSchema.tables.map { $0.physicalName(connection.dialect) }
        if options.analyze {
            try connection.execute(
                script: connection.dialect == .postgres
                    ? "ANALYZE \(tables.joined(separator: ", "))" : "ANALYZE")
        }
        var facts = try schemaFacts()
        for table in SeedSchema.tables {
            let count =
                try connection.query("SELECT count(*) AS n FROM \(table.physicalName(connection.dialect))")
                .first?["n"].int ?? 0
            facts.rows[table.physicalName(connection.dialect)] = Int(count)
            facts.rows[String(table.name.split(separator: ".").last ?? "")] = Int(count)
        }
        let sampler = ParameterSampler(connection: connection, seed: options.seed)
        let advisor = IndexAdvisor(connection: connection, smallTableRows: options.smallTableRows)
        let unavailable = options.suggest ? try advisor.availability() : nil
        var reports: [ExplainReport.Query] = []
        for (position, query) in queries.enumerated() {
            options.progress?(position, queries.count, query.name)
            reports.append(
                try check(
                    query, sampler: sampler, facts: &facts,
                    advisor: options.suggest && unavailable == nil ? advisor : nil))
        }
        var report = ExplainReport(
            server: try connection.serverVersion(), settings: try settings(), queries: reports)
        report.suggestionsUnavailable = unavailable
        return report
    }

    private func check(
        _ query: CatalogQuery, sampler: ParameterSampler, facts: inout SchemaFacts, advisor: IndexAdvisor?
    ) throws -> ExplainReport.Query {
        let (sql, order) = query.compiled(for: connection.dialect)
        let draws = planDraws(query)
        var worst: (verdict: PlanVerdict, plan: String, label: String, node: PlanNode, values: [SQLValue])?
        var suggestion: IndexSuggestion?
        var timings: [Double] = []
        do {
            // Draws in the order 1, 2, …, 0 would change nothing: judge 0..<draws, keep the worst
            // (the first of equally bad ones).
            for draw in 0..<draws {
                let (values, label) = try planDraw(query, order: order, draw: draw, sampler: sampler)
                let (verdict, rendered, node) = try isolated(query) {
                    try judge(query, sql: sql, values: values, facts: &facts)
                }
                if worst == nil || verdict.kind.severity > (worst?.verdict.kind.severity ?? 0) {
                    worst = (verdict, rendered, label, node, values)
                }
            }
            if let advisor, let worst, worst.verdict.kind == .fail {
                suggestion = try advisor.suggest(
                    query, sql: sql, values: worst.values, plan: worst.node, facts: facts)
            }
            timings = try time(query, sql: sql, order: order, sampler: sampler)
        } catch let error as DatabaseError where error.endsRun {
            throw Self.runEnded(by: error, checking: query)
        } catch let error as DatabaseError {
            return errorReport(query, sql: sql, error: error)
        }
        guard var worst else { return errorReport(query, sql: sql, error: nil) }
        if worst.verdict.kind != .pass,
            let missing = missingIndexMessage(query, plan: worst.node, facts: facts)
        {
            worst.verdict.kind = .fail
            worst.verdict.message = "\(missing); the plan: \(worst.verdict.message)"
        }
        timings.sort()
        func percentile(_ p: Double) -> Double {
            timings.isEmpty
                ? 0 : timings[min(timings.count - 1, Int((p * Double(timings.count)).rounded(.up)) - 1)]
        }
        var message = worst.verdict.message
        if draws > 1, worst.verdict.kind != .pass, !worst.label.isEmpty {
            message = "with \(worst.label): " + message
        }
        var report = ExplainReport.Query(
            name: query.name, verdict: worst.verdict.kind, index: worst.verdict.indexUsed, message: message,
            nodeTypes: worst.verdict.nodeTypes, p50Ms: percentile(0.5), p95Ms: percentile(0.95),
            maxMs: timings.last ?? 0, budgetMs: query.maxMs, plan: worst.plan)
        report.planDraws = draws
        report.suggestion = suggestion
        report.timedRuns = timings.count
        return report
    }

    /// The `error` verdict of a query the database refused, with where in the catalog file.
    private func errorReport(_ query: CatalogQuery, sql: String, error: DatabaseError?) -> ExplainReport.Query
    {
        var place = "\(query.file):\(query.line)"
        if let error, let offset = error.offset, let text = error.sql {
            // The statement sent may carry a prefix (EXPLAIN …) before the compiled SQL.
            let prefix = text.hasSuffix(sql) ? text.utf8.count - sql.utf8.count : 0
            if offset >= prefix {
                let location = query.sourceLocation(
                    ofCompiledOffset: offset - prefix, dialect: connection.dialect)
                place = "\(query.file):\(location.line):\(location.column)"
            }
        }
        var reason = error.map { "\($0)" } ?? "no plan"
        if let error, error.isReadOnlyViolation, !query.isWrite {
            reason =
                "'\(query.name)' writes but is not marked '-- write', so it ran read-only and nothing was changed: \(error); mark it `-- write` (explain and bench then roll it back) or make it a read"
        }
        return ExplainReport.Query(
            name: query.name, verdict: .error, index: nil, message: "\(place): \(reason)", nodeTypes: [],
            p50Ms: 0, p95Ms: 0, maxMs: 0, budgetMs: query.maxMs, plan: "")
    }

    /// Reads the plan of `sql` with `values` and judges it: the verdict and the rendered tree.
    private func judge(_ query: CatalogQuery, sql: String, values: [SQLValue], facts: inout SchemaFacts)
        throws -> (PlanVerdict, String, PlanNode)
    {
        switch connection.dialect {
        case .postgres:
            let json =
                try connection.query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, values).first?[0]
                .string ?? ""
            let plan = try PostgresPlanAnalyzer.parse(json: json).plan
            try countRows(of: plan, into: &facts)
            let verdict = PostgresPlanAnalyzer.verdict(
                plan: plan, expectation: query.expectation, smallTableRows: options.smallTableRows,
                facts: facts, fullScanTables: query.fullScanTables)
            return (verdict, PostgresPlanAnalyzer.render(plan), plan)
        case .sqlite:
            let planRows = try connection.query("EXPLAIN QUERY PLAN " + sql, values).map {
                (id: Int($0[0].int ?? 0), parent: Int($0[1].int ?? 0), detail: $0[3].string ?? "")
            }
            let plan = SQLitePlanAnalyzer.parse(
                rows: planRows, aliases: SQLitePlanAnalyzer.aliases(in: sql, tables: Array(facts.tables)))
            try countRows(of: plan, into: &facts)
            let verdict = SQLitePlanAnalyzer.verdict(
                plan: plan, expectation: query.expectation, tableRows: facts.rows, sql: sql,
                partialIndexes: Set(facts.indexes.filter { $0.value.predicate != nil }.keys),
                smallTableRows: options.smallTableRows, fullScanTables: query.fullScanTables)
            return (verdict, SQLitePlanAnalyzer.render(plan), plan)
        }
    }

    /// Runs `body` read-only for a read (a write it attempts fails), and in a transaction that
    /// is rolled back for a write.
    func isolated<T>(_ query: CatalogQuery, _ body: () throws -> T) throws -> T {
        query.isWrite ? try connection.rolledBackTransaction(body) : try connection.readOnly(body)
    }

    /// The error that ends the run when the database, not the query, failed (see
    /// `DatabaseError.endsRun`): what happened and while checking which query, without blaming
    /// a catalog line.
    static func runEnded(by error: DatabaseError, checking query: CatalogQuery) -> DatabaseError {
        let what =
            error.code.isConnectionLoss
            ? "the connection to the database was lost while checking '\(query.name)'"
            : "the database failed while checking '\(query.name)'"
        return DatabaseError(
            code: error.code, message: "\(what): \(error.message)",
            hint: error.hint
                ?? (error.code.isConnectionLoss
                    ? "check that the server is up, then run 'seedctl explain' again"
                    : "fix the database's problem, then run 'seedctl explain' again"))
    }

    /// When the query expects indexes none of which exists: a message naming them and the
    /// indexes of the tables the plan reads. SQLite's `…_pkey` names stand for its primary keys,
    /// which have no index of that name, so they always count as existing there.
    private func missingIndexMessage(_ query: CatalogQuery, plan: PlanNode, facts: SchemaFacts) -> String? {
        let names = query.expectation.indexNames
        guard !names.isEmpty else { return nil }
        let known = Set(facts.indexes.keys.map { $0.lowercased() })
        let exists: (String) -> Bool = { name in
            known.contains(name.lowercased())
                || (connection.dialect == .sqlite && name.lowercased().hasSuffix("_pkey"))
        }
        guard !names.contains(where: exists) else { return nil }
        let tables = Set(
            plan.allNodes.compactMap(\.relation).flatMap { facts.lineage(of: $0) }.map { $0.lowercased() })
        let indexes = facts.indexes.filter { tables.contains($0.value.table.lowercased()) }.keys.sorted()
        let which = names.map { "'\($0)'" }.joined(separator: " or ")
        let place = tables.isEmpty ? "" : " on \(tables.sorted().joined(separator: ", "))"
        let have =
            indexes.isEmpty
            ? "there are no indexes\(place)" : "indexes\(place): \(indexes.joined(separator: ", "))"
        return
            "\(query.file):\(query.line): -- expect: index \(which): no such index exists; \(have); fix the name in the catalog or create the index"
    }

    /// The planner settings a verdict depends on.
    private func settings() throws -> [String: String] {
        guard connection.dialect == .postgres else { return [:] }
        var settings: [String: String] = [:]
        for row in try connection.query(
            """
            SELECT name, current_setting(name) AS value FROM pg_settings
            WHERE name IN ('random_page_cost', 'seq_page_cost', 'work_mem', 'effective_cache_size', 'shared_buffers')
            """)
        {
            settings[row["name"].string ?? ""] = row["value"].string ?? ""
        }
        return settings
    }
}
