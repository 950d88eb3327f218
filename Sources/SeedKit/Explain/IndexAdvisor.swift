import Foundation

/// An index `explain --suggest` proposes for a failing query, proven on a hypothetical plan.
public struct IndexSuggestion: Sendable, Codable, Equatable {
    /// `CREATE INDEX name ON table (columns);`, ready for a migration file.
    public let statement: String
    public let index: String
    public let table: String
    public let columns: [String]
    /// The plan with the index in place (hypopg on PostgreSQL, a rolled-back build on SQLite),
    /// rendered as `--show-plan` does, and its verdict message.
    public let plan: String
    public let message: String
    /// The plan passes only once the query's `-- expect: index …` line names this index too.
    public let needsExpectation: Bool
}

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

    /// How a query uses the columns of one table: equality, range and ORDER BY columns.
    struct Usage: Equatable {
        var equality: [String] = []
        var range: [String] = []
        var order: [String] = []
        /// Columns compared with LIKE: a B-tree serves only a prefix pattern, so they come last.
        var pattern: [String] = []
    }

    /// Reads `sql` with the tokenizer: a column of `table` (qualified by its alias or name, or
    /// bare) next to `=`, `IN` or `IS` is an equality column, next to `<`, `>`, `BETWEEN` or
    /// `LIKE` a range column; columns after ORDER BY are order columns.
    static func usage(in sql: String, table: String, alias: String?, columns: Set<String>) -> Usage {
        let tokens = SQLTokenizer.tokens(in: sql)
        let names = Set([table, PlanJudge.unqualified(table), alias].compactMap { $0?.lowercased() })
        var usage = Usage()
        var inOrderBy = false
        func add(_ column: String, to list: inout [String]) {
            if !list.contains(column) { list.append(column) }
        }
        for (position, token) in tokens.enumerated() {
            let word = token.text.uppercased()
            if token.isIdentifier, !token.quoted {
                if word == "BY", position > 0, tokens[position - 1].text.uppercased() == "ORDER" {
                    inOrderBy = true
                }
                if ["LIMIT", "OFFSET", "FETCH", "WHERE", "GROUP", "HAVING", "UNION", "FROM"].contains(word) {
                    inOrderBy = false
                }
            }
            if token.text == ")" { inOrderBy = false }
            let column = token.text.lowercased()
            guard token.isIdentifier, columns.contains(column) else { continue }
            // Placeholders (:id) are not columns; a qualifier must name this table.
            if position > 0, [":", "$", "@"].contains(tokens[position - 1].text) { continue }
            if position > 1, tokens[position - 1].text == "." {
                guard names.contains(tokens[position - 2].text.lowercased()) else { continue }
            }
            if inOrderBy {
                add(column, to: &usage.order)
                continue
            }
            func text(_ index: Int) -> String {
                index >= 0 && index < tokens.count ? tokens[index].text.uppercased() : ""
            }
            let start = position > 1 && tokens[position - 1].text == "." ? position - 2 : position
            let (next, previous, beforePrevious) = (text(position + 1), text(start - 1), text(start - 2))
            let comparison = ["<", ">", "!"]
            if next == "IN" || next == "IS" || (next == "=" && !comparison.contains(previous))
                || (previous == "=" && !comparison.contains(beforePrevious))
            {
                add(column, to: &usage.equality)
            } else if next == "LIKE" {
                add(column, to: &usage.pattern)
            } else if comparison.contains(next) || next == "BETWEEN" || comparison.contains(previous)
                || (previous == "=" && comparison.contains(beforePrevious))
            {
                add(column, to: &usage.range)
            }
        }
        usage.range.removeAll { usage.equality.contains($0) }
        usage.pattern.removeAll { usage.equality.contains($0) || usage.range.contains($0) }
        return usage
    }

    /// Column lists to try, best first: equality columns then a range or the order; then each
    /// equality column alone; then the range, then the order; LIKE columns alone, last.
    static func candidates(_ usage: Usage) -> [[String]] {
        var lists: [[String]] = []
        func add(_ list: [String]) {
            var unique: [String] = []
            for column in list where !unique.contains(column) { unique.append(column) }
            if !unique.isEmpty, !lists.contains(unique) { lists.append(unique) }
        }
        if let range = usage.range.first { add(usage.equality + [range]) }
        add(usage.equality + usage.order)
        add(usage.equality)
        for column in usage.equality { add([column]) }
        for column in usage.range { add([column]) }
        add(usage.order)
        for column in usage.pattern { add([column]) }
        return Array(lists.prefix(maximumCandidates))
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
