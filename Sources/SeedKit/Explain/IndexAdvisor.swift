import Foundation

/// Proposes, for a query that fails because a table is read in full, the B-tree index that
/// serves it: candidate column lists from the query's conditions on that table (equality
/// columns first, then a range or the ORDER BY), each tried on a hypothetical plan, and the
/// first whose plan passes the same verdict rules is the suggestion. Never creates an index:
/// PostgreSQL plans with hypopg's hypothetical indexes (plain EXPLAIN), SQLite builds the
/// candidate inside a transaction that is rolled back.
struct IndexAdvisor {
    /// Candidates tried per failing read at most.
    static let maximumCandidates = 6

    let connection: any Connection
    let smallTableRows: Int

    /// Whether suggestions can be proven here: SQLite always; PostgreSQL with hypopg installed.
    func availability() throws -> String? {
        guard connection.dialect == .postgres else { return nil }
        let installed =
            try connection.query("SELECT count(*) AS n FROM pg_extension WHERE extname = 'hypopg'").first?[
                "n"
            ].int
            ?? 0
        return installed > 0
            ? nil
            : "hypopg is not installed in this database, so --suggest cannot prove an index on PostgreSQL; "
                + "install postgresql-15-hypopg and run CREATE EXTENSION hypopg"
    }

    /// The index that makes `query` pass with `values`, or nil when no candidate does.
    func suggest(
        _ query: CatalogQuery, sql: String, values: [SQLValue], plan: PlanNode, facts: SchemaFacts
    ) throws -> IndexSuggestion? {
        let reads: [(TableRead, alias: String?)]
        switch connection.dialect {
        case .postgres:
            let nodes = plan.allNodes
            reads = PostgresPlanAnalyzer.reads(in: plan, facts: facts).map { read in
                (read, nodes.first { $0.relation == read.table && $0.alias != nil }?.alias)
            }
        case .sqlite:
            let partial = Set(facts.indexes.filter { $0.value.predicate != nil }.keys)
            let nodes = plan.allNodes
            reads = SQLitePlanAnalyzer.reads(in: plan, sql: sql, partialIndexes: partial).map { read in
                (read, nodes.first { $0.relation == read.table && $0.alias != nil }?.alias)
            }
        }
        let allowed = Set(query.fullScanTables.map(PlanJudge.unqualified))
        let targets = reads.filter { read, _ in
            read.access.isFull && !allowed.contains(PlanJudge.unqualified(read.table))
                && (facts.rowCount(read.table) ?? Int.max) >= smallTableRows
        }
        var tried = Set<[String]>()
        for (read, alias) in targets {
            // A partition's read is served by an index on the partitioned table (PostgreSQL
            // creates it on every partition).
            let table = facts.lineage(of: read.table).last ?? read.table
            let columns = try tableColumns(table, facts: facts)
            let usage = Self.usage(
                in: sql, table: table, alias: alias ?? (table == read.table ? nil : table), columns: columns)
            for candidate in Self.candidates(usage) where tried.insert([table] + candidate).inserted {
                let name = indexName(for: query, table: table, columns: candidate, facts: facts)
                if let suggestion = try prove(
                    query, sql: sql, values: values, table: table, columns: candidate, name: name,
                    facts: facts)
                {
                    return suggestion
                }
            }
        }
        return nil
    }

    /// The expected index's name when the catalog expects one that does not exist; else
    /// `idx_<table>_<columns>` (at most 63 characters).
    private func indexName(for query: CatalogQuery, table: String, columns: [String], facts: SchemaFacts)
        -> String
    {
        if let missing = query.expectation.indexNames.first(where: { facts.indexes[$0] == nil }) {
            return missing
        }
        let name = "idx_\(PlanJudge.unqualified(table))_" + columns.joined(separator: "_")
        return String(name.prefix(63))
    }

    /// The candidate's plan and verdict, when it passes.
    private func prove(
        _ query: CatalogQuery, sql: String, values: [SQLValue], table: String, columns: [String],
        name: String,
        facts: SchemaFacts
    ) throws -> IndexSuggestion? {
        let qualified = qualifiedName(table, facts: facts)
        let statement = "CREATE INDEX \(name) ON \(qualified) (\(columns.joined(separator: ", ")))"
        var facts = facts
        facts.indexes[name] = SchemaFacts.Index(table: table, columns: columns)
        // As the catalog expects, or else with the new index added to its expected names.
        var expectations = [query.expectation]
        if case .index(let names) = query.expectation, !names.contains(name) {
            expectations.append(.index(names + [name]))
        }
        let verdicts: [PlanVerdict]
        let rendered: String
        switch connection.dialect {
        case .postgres:
            let created = try connection.query(
                "SELECT indexname FROM hypopg_create_index($1)", [.text(statement)])
            let hypothetical = created.first?["indexname"].string ?? ""
            defer { _ = try? connection.query("SELECT hypopg_reset()") }
            let json = try connection.query("EXPLAIN (FORMAT JSON) " + sql, values).first?[0].string ?? ""
            var plan = try PostgresPlanAnalyzer.parse(json: json).plan
            plan.renameIndex(hypothetical, to: name)
            verdicts = expectations.map {
                PostgresPlanAnalyzer.verdict(
                    plan: plan, expectation: $0, smallTableRows: smallTableRows, facts: facts,
                    fullScanTables: query.fullScanTables)
            }
            rendered = PostgresPlanAnalyzer.render(plan)
        case .sqlite:
            (verdicts, rendered) = try connection.rolledBackTransaction {
                try connection.execute(script: statement + "; ANALYZE \(name)")
                let rows = try connection.query("EXPLAIN QUERY PLAN " + sql, values).map {
                    (id: Int($0[0].int ?? 0), parent: Int($0[1].int ?? 0), detail: $0[3].string ?? "")
                }
                let plan = SQLitePlanAnalyzer.parse(
                    rows: rows, aliases: SQLitePlanAnalyzer.aliases(in: sql, tables: Array(facts.tables)))
                let verdicts = expectations.map {
                    SQLitePlanAnalyzer.verdict(
                        plan: plan, expectation: $0, tableRows: facts.rows, sql: sql,
                        partialIndexes: Set(facts.indexes.filter { $0.value.predicate != nil }.keys),
                        smallTableRows: smallTableRows, fullScanTables: query.fullScanTables)
                }
                return (verdicts, SQLitePlanAnalyzer.render(plan))
            }
        }
        guard let passing = verdicts.firstIndex(where: { $0.kind == .pass }) else { return nil }
        return IndexSuggestion(
            statement: statement + ";", index: name, table: qualified, columns: columns, plan: rendered,
            message: verdicts[passing].message, needsExpectation: passing > 0)
    }

    private func qualifiedName(_ table: String, facts: SchemaFacts) -> String {
        guard connection.dialect == .postgres, let schema = facts.schemas[table], schema != "public" else {
            return table
        }
        return "\(schema).\(table)"
    }

    /// The column names of `table`, lowercased.
    private func tableColumns(_ table: String, facts: SchemaFacts) throws -> Set<String> {
        switch connection.dialect {
        case .postgres:
            return Set(
                try connection.query(
                    """
                    SELECT attname FROM pg_attribute
                    WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
                    """, [.text(qualifiedName(table, facts: facts))]
                ).compactMap { $0["attname"].string?.lowercased() })
        case .sqlite:
            return Set(
                try connection.query("SELECT name FROM pragma_table_info($1)", [.text(table)]).compactMap {
                    $0["name"].string?.lowercased()
                })
        }
    }
}

extension PlanNode {
    /// Renames an index everywhere in the tree (hypopg's `<13556>btree_t_c` to the proposed name).
    mutating func renameIndex(_ old: String, to new: String) {
        if index == old { index = new }
        for position in children.indices { children[position].renameIndex(old, to: new) }
    }
}
