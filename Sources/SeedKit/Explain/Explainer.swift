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
        /// PostgreSQL: below this many rows a sequential scan is a `small table` verdict.
        public var smallTableRows = 10_000

        public init() {}
    }

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
        var rows: [String: Int] = [:]
        for table in SeedSchema.tables {
            let count =
                try connection.query("SELECT count(*) AS n FROM \(table.physicalName(connection.dialect))")
                .first?["n"].int ?? 0
            rows[table.physicalName(connection.dialect)] = Int(count)
            rows[String(table.name.split(separator: ".").last ?? "")] = Int(count)
        }
        let sampler = ParameterSampler(connection: connection, seed: options.seed)
        let reports = try queries.map { try check($0, sampler: sampler, tableRows: rows) }
        return ExplainReport(
            server: try connection.serverVersion(), settings: try settings(), queries: reports)
    }

    private func check(_ query: CatalogQuery, sampler: ParameterSampler, tableRows: [String: Int]) throws
        -> ExplainReport.Query
    {
        let (sql, order) = query.compiled(for: connection.dialect)
        let values = try sampler.values(for: query, order: order, draw: 0)
        let verdict: PlanVerdict
        let rendered: String
        var timings: [Double] = []
        do {
            (verdict, rendered) = try isolated(query) {
                try judge(query, sql: sql, values: values, tableRows: tableRows)
            }
            for draw in 0..<(options.warmup + options.runs) {
                let drawn = try sampler.values(for: query, order: order, draw: draw)
                let elapsed = try isolated(query) {
                    let start = ContinuousClock.now
                    try connection.query(sql, drawn)
                    return ContinuousClock.now - start
                }
                if draw >= options.warmup {
                    timings.append(elapsed.milliseconds)
                }
            }
        } catch let error as DatabaseError {
            throw ConfigurationError("\(query.file):\(query.line): query '\(query.name)' failed: \(error)")
        }
        timings.sort()
        func percentile(_ p: Double) -> Double {
            timings.isEmpty
                ? 0 : timings[min(timings.count - 1, Int((p * Double(timings.count)).rounded(.up)) - 1)]
        }
        return ExplainReport.Query(
            name: query.name, verdict: verdict.kind, index: verdict.indexUsed, message: verdict.message,
            nodeTypes: verdict.nodeTypes, p50Ms: percentile(0.5), p95Ms: percentile(0.95),
            maxMs: timings.last ?? 0,
            budgetMs: query.maxMs, plan: rendered)
    }

    /// Reads the plan of `sql` with `values` and judges it: the verdict and the rendered tree.
    private func judge(
        _ query: CatalogQuery, sql: String, values: [SQLValue], tableRows: [String: Int]
    ) throws -> (PlanVerdict, String) {
        switch connection.dialect {
        case .postgres:
            let json =
                try connection.query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, values).first?[0]
                .string ?? ""
            let plan = try PostgresPlanAnalyzer.parse(json: json).plan
            let verdict = PostgresPlanAnalyzer.verdict(
                plan: plan, expectation: query.expectation, tableRows: tableRows,
                smallTableRows: options.smallTableRows)
            return (verdict, PostgresPlanAnalyzer.render(plan))
        case .sqlite:
            let planRows = try connection.query("EXPLAIN QUERY PLAN " + sql, values).map {
                (id: Int($0[0].int ?? 0), parent: Int($0[1].int ?? 0), detail: $0[3].string ?? "")
            }
            let tables = SeedSchema.tables.map { $0.physicalName(.sqlite) }
            let plan = SQLitePlanAnalyzer.parse(
                rows: planRows, aliases: SQLitePlanAnalyzer.aliases(in: sql, tables: tables))
            let hasWhere =
                sql.range(of: #"\bWHERE\b"#, options: [.regularExpression, .caseInsensitive]) != nil
            let verdict = smallTableVerdict(
                SQLitePlanAnalyzer.verdict(
                    plan: plan, expectation: query.expectation, tableRows: tableRows,
                    filteredTables: hasWhere ? nil : [], partialIndexes: try partialIndexes()),
                plan: plan, tableRows: tableRows)
            return (verdict, SQLitePlanAnalyzer.render(plan))
        }
    }

    /// Runs `body` as is for a read, and in a transaction that is rolled back for a write.
    private func isolated<T>(_ query: CatalogQuery, _ body: () throws -> T) throws -> T {
        query.isWrite ? try connection.rolledBackTransaction(body) : try body()
    }

    /// SQLite, like PostgreSQL, may scan a tiny table (with statistics it knows 5 rows are
    /// cheaper to scan than to search): when every full scan of a failed plan is on a table
    /// below `smallTableRows`, the verdict is `small table`, as on PostgreSQL.
    private func smallTableVerdict(_ verdict: PlanVerdict, plan: PlanNode, tableRows: [String: Int])
        -> PlanVerdict
    {
        guard verdict.kind == .fail else { return verdict }
        // Seeded tables only: a json_each virtual table (a batch parameter) is not data.
        let scans = plan.allNodes.filter {
            $0.nodeType.hasPrefix("SCAN ") && $0.index == nil && tableRows[$0.relation ?? ""] != nil
        }
        let sizes = scans.map { tableRows[$0.relation ?? ""] ?? Int.max }
        guard let largest = sizes.max(), largest < options.smallTableRows,
            let scan = scans.first(where: { tableRows[$0.relation ?? ""] == largest })
        else { return verdict }
        return PlanVerdict(
            kind: .smallTable, indexUsed: nil,
            message:
                "\(scan.nodeType) (\(largest) rows): too small for an index to pay off; seed a larger profile (e.g. --profile default)",
            nodeTypes: verdict.nodeTypes)
    }

    /// SQLite indexes with a WHERE of their own.
    private func partialIndexes() throws -> Set<String> {
        Set(
            try connection.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"
            ).compactMap { $0["name"].string })
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
