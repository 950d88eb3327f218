import Foundation

/// Reads SQLite's `EXPLAIN QUERY PLAN` rows and judges them against a catalog expectation.
///
/// SQLite 3.40 names a table in the plan by its alias alone (`SEARCH s USING INDEX …`), so the
/// caller finds the aliases in the SQL with ``aliases(in:tables:)`` and passes them to
/// ``parse(rows:aliases:)``.
enum SQLitePlanAnalyzer {
    /// Builds the plan tree from the rows of `EXPLAIN QUERY PLAN` (columns id, parent, detail),
    /// under a synthetic root `QUERY PLAN`.
    ///
    /// - Parameter aliases: alias → table, so nodes name the real table in `relation`.
    static func parse(rows: [(id: Int, parent: Int, detail: String)], aliases: [String: String])
        -> PlanNode
    {
        let ids = Set(rows.map(\.id))
        var children: [Int: [(id: Int, detail: String)]] = [:]
        for row in rows {
            // A row whose parent is not in the plan (or is itself) hangs off the root.
            let parent = ids.contains(row.parent) && row.parent != row.id ? row.parent : 0
            children[parent, default: []].append((row.id, row.detail))
        }
        var visited: Set<Int> = [0]
        func build(_ id: Int, _ detail: String) -> PlanNode {
            var node = node(detail: detail, aliases: aliases)
            guard visited.insert(id).inserted else { return node }
            node.children = (children[id] ?? []).map { build($0.id, $0.detail) }
            return node
        }
        var root = PlanNode(nodeType: "QUERY PLAN")
        root.children = (children[0] ?? []).map { build($0.id, $0.detail) }
        return root
    }

    /// One node from its detail text: `SCAN t`, `SEARCH t USING [COVERING] INDEX i (a=?)`,
    /// `SEARCH t USING INTEGER PRIMARY KEY (rowid=?)`, `SEARCH t USING AUTOMATIC … INDEX (x=?)`,
    /// `SCAN t VIRTUAL TABLE INDEX 1:`; anything else (`USE TEMP B-TREE …`) names no table.
    static func node(detail: String, aliases: [String: String]) -> PlanNode {
        var node = PlanNode(nodeType: detail)
        var words = detail.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first, verb == "SCAN" || verb == "SEARCH", words.count > 1,
            detail != "SCAN CONSTANT ROW"
        else { return node }
        if words[1] == "TABLE", words.count > 2 { words.remove(at: 1) }  // before 3.36: SCAN TABLE t
        let name = words[1]
        if words.count > 3, words[2] == "AS" {  // before 3.36: SCAN TABLE t AS a
            node.relation = name
            node.alias = words[3]
        } else if let table = aliases.first(where: { $0.key.lowercased() == name.lowercased() })?.value {
            node.relation = table
            node.alias = name
        } else {
            node.relation = name
        }
        guard let using = detail.range(of: " USING ") else { return node }
        var rest = detail[using.upperBound...]
        if verb == "SEARCH", rest.hasSuffix(")"), let open = rest.firstIndex(of: "(") {
            node.indexCondition = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
            rest = rest[..<open]
        }
        let method = rest.trimmingCharacters(in: .whitespaces)
        if method == "INTEGER PRIMARY KEY" || method == "PRIMARY KEY" {
            node.index = method
        } else if !method.hasPrefix("AUTOMATIC"), let index = method.range(of: "INDEX ") {
            node.index = String(method[index.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        return node
    }

    /// Alias → table for every `FROM|JOIN|, <table> [AS] <alias>` in `sql` whose table is one
    /// of `tables` (case-insensitive). Strings and comments are skipped.
    static func aliases(in sql: String, tables: [String]) -> [String: String] {
        let known = Dictionary(tables.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let tokens = SQLTokenizer.tokens(in: sql)
        var result: [String: String] = [:]
        for (position, token) in tokens.enumerated()
        where ["from", "join", ","].contains(token.text.lowercased()) {
            guard position + 2 < tokens.count, tokens[position + 1].isIdentifier,
                let table = known[tokens[position + 1].text.lowercased()]
            else { continue }
            var next = position + 2
            if tokens[next].text.lowercased() == "as", next + 1 < tokens.count { next += 1 }
            let alias = tokens[next]
            guard alias.isIdentifier, alias.quoted || !keywords.contains(alias.text.lowercased()),
                alias.text.lowercased() != table.lowercased()
            else { continue }
            result[alias.text] = table
        }
        return result
    }

    static let keywords: Set<String> = [
        "where", "join", "on", "using", "left", "right", "full", "inner", "outer", "cross", "natural",
        "order",
        "group", "having", "limit", "offset", "union", "except", "intersect", "window", "indexed", "not",
        "as",
        "select", "from", "values", "returning", "and", "or", "set", "when", "then", "else", "end",
    ]
}

extension SQLitePlanAnalyzer {
    /// What the top level of a statement has, read with the tokenizer (so a WHERE inside a
    /// subquery or a string literal does not count).
    struct StatementShape: Sendable, Equatable {
        var hasWhere: Bool
        var hasLimit: Bool
        var hasOffset: Bool

        /// The shape of `sql`: keywords at parenthesis depth 0 only.
        init(sql: String) {
            var depth = 0
            var words: [String] = []
            var commaAfterLimit = false
            for token in SQLTokenizer.tokens(in: sql) {
                if token.text == "(" { depth += 1 }
                if token.text == ")" { depth -= 1 }
                guard depth == 0 else { continue }
                if token.text == ",", words.last == "LIMIT" || words.last == "LIMIT_VALUE" {
                    commaAfterLimit = true
                }
                if token.isIdentifier, !token.quoted { words.append(token.text.uppercased()) }
            }
            hasWhere = words.contains("WHERE")
            hasLimit = words.contains("LIMIT")
            hasOffset = words.contains("OFFSET") || (hasLimit && commaAfterLimit)
        }

        /// The WHERE of a `CREATE INDEX … WHERE …` statement (a partial index), else nil.
        static func predicate(ofIndex sql: String) -> String? {
            var depth = 0
            for token in SQLTokenizer.tokens(in: sql) {
                if token.text == "(" { depth += 1 }
                if token.text == ")" { depth -= 1 }
                if depth == 0, token.isIdentifier, !token.quoted, token.text.uppercased() == "WHERE",
                    let range = sql.range(of: "WHERE", options: [.caseInsensitive, .backwards])
                {
                    return sql[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return nil
        }
    }

    /// Judges a parsed plan against what the catalog expects of it (README "Verdict rules").
    ///
    /// `SEARCH … USING [COVERING] INDEX i (…)` and `USING INTEGER PRIMARY KEY` read through a
    /// condition. `SCAN t` reads the whole table, and `SEARCH … USING AUTOMATIC … INDEX` builds an
    /// index over the whole table on every execution. `SCAN t USING [COVERING] INDEX i` reads all
    /// of `i`: that serves a query only when `i` is partial (its WHERE is the condition) or for
    /// ORDER BY … LIMIT with no WHERE, no OFFSET and no sort step, on the outermost loop.
    ///
    /// - Parameters:
    ///   - tableRows: row counts by table.
    ///   - sql: the statement, for the order-only rule; nil never grants it.
    ///   - partialIndexes: indexes with a WHERE of their own.
    static func verdict(
        plan: PlanNode, expectation: PlanExpectation, tableRows: [String: Int] = [:], sql: String? = nil,
        partialIndexes: Set<String> = [], smallTableRows: Int = 10_000, fullScanTables: [String] = []
    ) -> PlanVerdict {
        let nodes = plan.nodeType == "QUERY PLAN" ? plan.children.flatMap(\.allNodes) : plan.allNodes
        let facts = SchemaFacts(rows: tableRows)
        return PlanJudge.verdict(
            reads: reads(in: plan, sql: sql, partialIndexes: partialIndexes), expectation: expectation,
            facts: facts, smallTableRows: smallTableRows, fullScanTables: fullScanTables,
            nodeTypes: nodes.map(\.nodeType))
    }

    /// The nodes of `plan` that read a stored table, each with how it reads.
    static func reads(in plan: PlanNode, sql: String?, partialIndexes: Set<String>) -> [TableRead] {
        let nodes = plan.nodeType == "QUERY PLAN" ? plan.children.flatMap(\.allNodes) : plan.allNodes
        let partial = Set(partialIndexes.map { $0.lowercased() })
        let shape = sql.map(StatementShape.init(sql:))
        let sorts = plan.children.contains {
            $0.nodeType.hasPrefix("USE TEMP B-TREE FOR ") && $0.nodeType.contains("ORDER BY")
        }
        let outermost = plan.children.first { readsStoredTable($0, in: nodes) }
        return nodes.compactMap { node -> TableRead? in
            guard readsStoredTable(node, in: nodes), let table = node.relation else { return nil }
            let description = describe(node)
            if node.nodeType.contains(" USING AUTOMATIC ") {
                return TableRead(
                    access: .automaticIndex, table: table, index: nil, description: description,
                    reason: "SQLite builds a temporary index over every row of \(table) on each execution")
            }
            if node.nodeType.hasPrefix("SEARCH ") {
                return TableRead(
                    access: .condition, table: table, index: node.index, description: description)
            }
            guard let index = node.index else {
                return TableRead(
                    access: .wholeTable, table: table, index: nil, description: description,
                    reason: "full table scan")
            }
            if partial.contains(index.lowercased()) {
                return TableRead(
                    access: .predicate, table: table, index: index, description: description,
                    reason: "a partial index: its WHERE serves the condition")
            }
            if let shape, shape.hasLimit, !shape.hasWhere, !shape.hasOffset, !sorts, node == outermost {
                return TableRead(
                    access: .orderOnly, table: table, index: index, description: description,
                    reason: "order only: ORDER BY … LIMIT with no WHERE, no OFFSET and no sort step")
            }
            return TableRead(
                access: .wholeIndex, table: table, index: index, description: description,
                reason: shape?.hasWhere == false && shape?.hasLimit == true
                    ? "reads the whole index in order: an OFFSET or a sort step"
                    : "the WHERE is not served by it")
        }
    }

    /// A `SCAN` of a stored table without an index.
    static func isTableScan(_ node: PlanNode, in nodes: [PlanNode]) -> Bool {
        node.nodeType.hasPrefix("SCAN ") && node.index == nil && readsStoredTable(node, in: nodes)
    }

    /// A `SCAN` or `SEARCH` of a stored table: not a virtual table, constant row, or subquery
    /// or common table expression (`CO-ROUTINE x` / `MATERIALIZE x` then `SCAN x`).
    static func readsStoredTable(_ node: PlanNode, in nodes: [PlanNode]) -> Bool {
        guard node.relation != nil, let table = node.alias ?? node.relation,
            !node.nodeType.contains(" VIRTUAL TABLE "), !table.hasPrefix("(")
        else { return false }
        return !nodes.contains {
            $0.nodeType == "CO-ROUTINE \(table)" || $0.nodeType == "MATERIALIZE \(table)"
        }
    }

    /// The detail with an alias spelled out: `SEARCH s USING …` → `SEARCH tech_spec_sessions AS s USING …`.
    static func describe(_ node: PlanNode) -> String {
        guard let alias = node.alias, let table = node.relation, let space = node.nodeType.firstIndex(of: " ")
        else {
            return node.nodeType
        }
        let prefix = "\(node.nodeType[..<space]) \(alias)"
        guard node.nodeType == prefix || node.nodeType.hasPrefix(prefix + " ") else { return node.nodeType }
        return "\(node.nodeType[..<space]) \(table) AS \(alias)" + node.nodeType.dropFirst(prefix.count)
    }

    /// The plan as an indented tree, two spaces a level, each node after `-> `.
    static func render(_ plan: PlanNode) -> String {
        var lines = [plan.nodeType]
        func add(_ node: PlanNode, depth: Int) {
            lines.append(String(repeating: "  ", count: depth) + "-> " + node.nodeType)
            for child in node.children { add(child, depth: depth + 1) }
        }
        for child in plan.children { add(child, depth: 1) }
        return lines.joined(separator: "\n")
    }
}
