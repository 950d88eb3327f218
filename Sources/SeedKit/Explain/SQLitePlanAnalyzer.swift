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
    /// Judges a parsed plan against what the catalog expects of it.
    ///
    /// `SEARCH … USING [COVERING] INDEX i` and `USING INTEGER PRIMARY KEY` use an index; a plain
    /// `SCAN t` and an `AUTOMATIC` index do not. `SCAN t USING [COVERING] INDEX i` reads all of
    /// `i` in order: that serves `ORDER BY … LIMIT` on an unfiltered table, not a WHERE. With
    /// `noTableRead`, no `SCAN`/`SEARCH` may read a stored table (a plain `INSERT … VALUES` has
    /// an empty plan).
    ///
    /// - Parameters:
    ///   - tableRows: row counts by table, quoted when a table is scanned.
    ///   - filteredTables: the tables the query's WHERE filters (SQLite's plan does not say);
    ///     nil means every table in the plan.
    ///   - partialIndexes: indexes with a WHERE of their own; scanning one reads only the rows
    ///     it holds, so it serves the matching filter.
    static func verdict(
        plan: PlanNode, expectation: PlanExpectation, tableRows: [String: Int],
        filteredTables: Set<String>? = nil, partialIndexes: Set<String> = []
    ) -> PlanVerdict {
        let nodes = plan.nodeType == "QUERY PLAN" ? plan.children.flatMap(\.allNodes) : plan.allNodes
        func verdict(_ kind: PlanVerdict.Kind, _ index: String?, _ message: String) -> PlanVerdict {
            PlanVerdict(kind: kind, indexUsed: index, message: message, nodeTypes: nodes.map(\.nodeType))
        }
        let wanted: Set<String>?
        let expected: String
        switch expectation {
        case .fullScanAllowed:
            return verdict(.pass, nodes.first { $0.index != nil }?.index, "full scan allowed")
        case .noTableRead:
            guard let read = nodes.first(where: { readsStoredTable($0, in: nodes) }),
                let table = read.relation
            else {
                return verdict(.pass, nil, "the plan reads no table")
            }
            let count =
                tableRows[table] ?? tableRows.first { $0.key.lowercased() == table.lowercased() }?.value
            let rows = count.map { " (\($0) rows)" } ?? ""
            return verdict(
                .fail, read.index,
                "\(describe(read))\(rows) reads a table; expected a plan that reads no table")
        case .anyIndex:
            (wanted, expected) = (nil, "expected an index")
        case .index(let names):
            (wanted, expected) = (
                Set(names.map { $0.lowercased() }), "expected index " + names.joined(separator: " or ")
            )
        }
        func usesWanted(_ node: PlanNode) -> Bool {
            guard let index = node.index?.lowercased() else { return false }
            return wanted?.contains(index) ?? true
        }
        if let search = nodes.first(where: { $0.nodeType.hasPrefix("SEARCH ") && usesWanted($0) }) {
            return verdict(.pass, search.index, describe(search))
        }
        let scans = nodes.filter { $0.nodeType.hasPrefix("SCAN ") && usesWanted($0) }
        let partial = Set(partialIndexes.map { $0.lowercased() })
        if let scan = scans.first(where: { partial.contains($0.index?.lowercased() ?? "") }) {
            return verdict(
                .pass, scan.index,
                describe(scan) + " (a partial index: it holds only the rows its WHERE selects)")
        }
        let filtered = Set((filteredTables ?? Set(nodes.compactMap(\.relation))).map { $0.lowercased() })
        func isFiltered(_ node: PlanNode) -> Bool {
            [node.relation, node.alias].contains { $0.map { filtered.contains($0.lowercased()) } ?? false }
        }
        if let scan = scans.first(where: { !isFiltered($0) }) {
            return verdict(
                .pass, scan.index, describe(scan) + " (index order serves ORDER BY; no WHERE on the table)")
        }
        if let automatic = nodes.first(where: { $0.nodeType.contains(" USING AUTOMATIC ") }) {
            return verdict(
                .fail, nil,
                "\(describe(automatic)): SQLite built a temporary automatic index on "
                    + "\(automatic.relation ?? "the table") because no index serves the query; \(expected)")
        }
        if let scan = scans.first {
            return verdict(
                .fail, nil, "\(describe(scan)) reads the whole index in order; the WHERE is not served by it")
        }
        if let scan = nodes.first(where: { isTableScan($0, in: nodes) }), let table = scan.relation {
            let count =
                tableRows[table] ?? tableRows.first { $0.key.lowercased() == table.lowercased() }?.value
            let rows = count.map { $0 == 0 ? " (empty table: seed it first)" : " (\($0) rows)" } ?? ""
            return verdict(.fail, nil, "\(describe(scan))\(rows): full table scan, \(expected)")
        }
        if let other = nodes.first(where: { $0.index != nil }), let index = other.index {
            return verdict(.fail, nil, "\(describe(other)) uses \(index), \(expected)")
        }
        return verdict(.fail, nil, "the plan uses no index, \(expected)")
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
