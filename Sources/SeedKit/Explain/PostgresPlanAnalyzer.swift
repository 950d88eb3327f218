import Foundation

/// Reads PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` output and judges the plan
/// against a catalog query's expectation.
enum PostgresPlanAnalyzer {
    /// Node types that count as using an index.
    static let indexScanTypes: Set<String> = ["Index Scan", "Index Only Scan", "Bitmap Index Scan"]

    // MARK: Parsing

    /// Parses the JSON of `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` into a plan tree and the
    /// execution time in milliseconds (nil when the plan was not run with ANALYZE).
    static func parse(json: String) throws -> (plan: PlanNode, executionMs: Double?) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            throw ConfigurationError(
                "EXPLAIN output is not JSON (\(error.localizedDescription)); expected the output of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
            )
        }
        // PostgreSQL prints a one-element array; accept the bare object as well.
        let top = (object as? [Any])?.first ?? object
        guard let entry = top as? [String: Any], let root = entry["Plan"] as? [String: Any] else {
            throw ConfigurationError(
                "EXPLAIN output has no \"Plan\" object; expected the output of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
            )
        }
        return (try node(from: root, parentRelation: nil), number(entry["Execution Time"]))
    }

    /// One plan node; a `Bitmap Index Scan` names no table, so it inherits its parent's.
    private static func node(from json: [String: Any], parentRelation: String?) throws -> PlanNode {
        guard let nodeType = json["Node Type"] as? String else {
            throw ConfigurationError(
                "EXPLAIN output has a plan node without \"Node Type\"; expected the output of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
            )
        }
        let relation = json["Relation Name"] as? String
        let alias = json["Alias"] as? String
        let inherited = relation ?? (nodeType == "Bitmap Index Scan" ? parentRelation : nil)
        let children = try (json["Plans"] as? [[String: Any]] ?? []).map {
            try node(from: $0, parentRelation: relation ?? parentRelation)
        }
        var result = PlanNode(
            nodeType: nodeType,
            relation: inherited,
            alias: alias == relation ? nil : alias,
            index: json["Index Name"] as? String,
            indexCondition: (json["Index Cond"] ?? json["Recheck Cond"]) as? String,
            filter: json["Filter"] as? String,
            estimatedRows: number(json["Plan Rows"]),
            actualRows: number(json["Actual Rows"]),
            loops: number(json["Actual Loops"]),
            sharedHit: number(json["Shared Hit Blocks"]).map { Int($0) },
            sharedRead: number(json["Shared Read Blocks"]).map { Int($0) },
            children: children
        )
        result.recheckCondition = json["Recheck Cond"] as? String
        result.joinType = json["Join Type"] as? String
        result.parallel = json["Parallel Aware"] as? Bool ?? false
        result.hashCondition = json["Hash Cond"] as? String
        result.mergeCondition = json["Merge Cond"] as? String
        result.joinFilter = json["Join Filter"] as? String
        result.sortKey = json["Sort Key"] as? [String] ?? []
        result.groupKey = json["Group Key"] as? [String] ?? []
        result.strategy = json["Strategy"] as? String
        result.scanDirection = json["Scan Direction"] as? String
        result.rowsRemovedByFilter = number(json["Rows Removed by Filter"])
        result.rowsRemovedByRecheck = number(json["Rows Removed by Index Recheck"])
        result.cacheKey = json["Cache Key"] as? String
        result.cacheHits = number(json["Cache Hits"]).map { Int($0) }
        result.cacheMisses = number(json["Cache Misses"]).map { Int($0) }
        result.subplanName = json["Subplan Name"] as? String
        result.parentRelationship = json["Parent Relationship"] as? String
        return result
    }

    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let double as Double: double
        case let int as Int: Double(int)
        case let number as NSNumber: number.doubleValue
        default: nil
        }
    }

    // MARK: Verdict

    /// Judges a plan (README "Verdict rules"): every node that reads a table is judged; a full
    /// read of a table at or above `smallTableRows` fails unless `fullScanTables` allows it; the
    /// expected index (or a partition's index of it) must serve a read with a condition on its
    /// leading column, its partial-index predicate, or ORDER BY … LIMIT with no filter and about
    /// the limit's rows read. Row counts come from `tableRows` or `facts`.
    static func verdict(
        plan: PlanNode, expectation: PlanExpectation, tableRows: [String: Int] = [:],
        smallTableRows: Int = 10_000, facts: SchemaFacts = SchemaFacts(), fullScanTables: [String] = []
    ) -> PlanVerdict {
        var facts = facts
        facts.rows.merge(tableRows) { current, _ in current }
        return PlanJudge.verdict(
            reads: reads(in: plan, facts: facts), expectation: expectation, facts: facts,
            smallTableRows: smallTableRows, fullScanTables: fullScanTables,
            nodeTypes: plan.allNodes.map(\.nodeType))
    }

    /// The nodes of `plan` that read a stored table, each with how it reads.
    static func reads(in plan: PlanNode, facts: SchemaFacts) -> [TableRead] {
        var reads: [TableRead] = []
        func walk(_ node: PlanNode, limit: Double?) {
            var limit = limit
            if node.nodeType == "Limit" {
                limit = node.actualRows ?? node.estimatedRows
            } else if ["Sort", "Incremental Sort", "Hash", "Aggregate", "Materialize"].contains(node.nodeType)
            {
                limit = nil  // below these, rows are all read before the first comes out
            }
            if let read = read(node, facts: facts, limit: limit) { reads.append(read) }
            for child in node.children {
                // An InitPlan or SubPlan runs on its own: the outer LIMIT does not bound it.
                walk(child, limit: child.subplanName == nil ? limit : nil)
            }
        }
        walk(plan, limit: nil)
        return reads
    }

    private static func read(_ node: PlanNode, facts: SchemaFacts, limit: Double?) -> TableRead? {
        guard let table = node.relation, node.nodeType != "ModifyTable", node.nodeType != "Bitmap Heap Scan"
        else { return nil }
        let rowsRead =
            (node.actualRows ?? node.estimatedRows ?? 0) * (node.loops ?? 1)
            + (node.rowsRemovedByFilter ?? 0) * (node.loops ?? 1)
        switch node.nodeType {
        case "Seq Scan", "Sample Scan":
            let filter = node.filter.map { "Filter: \($0)" } ?? "no Filter"
            var read = TableRead(
                access: .wholeTable, table: table, index: nil, description: describe(node),
                reason: "\(filter), \(estimatedActual(node))")
            // Under a LIMIT a scan may stop early; with a rarer value it reads every row.
            if limit != nil, let rows = facts.rowCount(table), rowsRead < Double(rows) {
                read.verb =
                    "is scanned without an index (stopped after \(grouped(rowsRead)) rows under a LIMIT; "
                    + "with fewer matches it reads all)"
            }
            return read
        case "Tid Scan", "Tid Range Scan":
            return TableRead(access: .condition, table: table, index: nil, description: describe(node))
        case "Index Scan", "Index Only Scan", "Bitmap Index Scan":
            guard let index = node.index else { return nil }
            let definition = facts.indexes[index]
            if let condition = node.indexCondition {
                guard let definition, let leading = definition.columns.first,
                    !constrains(condition, leading: leading)
                else {
                    return TableRead(
                        access: .condition, table: table, index: index, description: describe(node))
                }
                if let predicate = definition.predicate {
                    return TableRead(
                        access: .predicate, table: table, index: index, description: describe(node),
                        reason: "partial index: its predicate \(predicate) serves the condition")
                }
                return TableRead(
                    access: .wholeIndex, table: table, index: index, description: describe(node),
                    reason:
                        "Index Cond is not on \(leading), the first column of (\(definition.columns.joined(separator: ", "))), so the whole index is scanned (for \(grouped(rowsRead)) rows)"
                )
            }
            if let predicate = definition?.predicate {
                return TableRead(
                    access: .predicate, table: table, index: index, description: describe(node),
                    reason: "partial index: its predicate \(predicate) serves the condition")
            }
            if let filter = node.filter {
                return TableRead(
                    access: .wholeIndex, table: table, index: index, description: describe(node),
                    reason:
                        "\(index) on \(table) only supplies the order; the WHERE runs as Filter: \(filter)")
            }
            if let limit, rowsRead <= 2 * limit + 10 {
                return TableRead(
                    access: .orderOnly, table: table, index: index, description: describe(node),
                    reason:
                        "order only: ORDER BY … LIMIT, \(grouped(rowsRead)) rows read for \(grouped(limit))")
            }
            return TableRead(
                access: .wholeIndex, table: table, index: index, description: describe(node),
                reason: "no condition: \(grouped(rowsRead)) rows read in index order"
                    + (limit.map { " for a LIMIT of \(grouped($0))" } ?? ""))
        default:
            return nil  // CTE, function, values, subquery scans read no stored table
        }
    }

    /// Whether an Index Cond constrains the index's leading column or expression: some
    /// conjunct starts with it (PostgreSQL writes the index column on the left).
    static func constrains(_ condition: String, leading: String) -> Bool {
        let target = stripParentheses(leading).lowercased()
        return conjuncts(of: condition).contains { conjunct in
            let text = stripParentheses(conjunct).lowercased()
            guard text.hasPrefix(target) else { return false }
            let rest = text.dropFirst(target.count)
            return rest.first.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
        }
    }

    /// `((a = 1) AND (b > 2))` → `(a = 1)`, `(b > 2)`: the top-level AND terms.
    private static func conjuncts(of condition: String) -> [String] {
        let text = stripParentheses(condition)
        var terms: [String] = []
        var depth = 0
        var current = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "'" { quoted.toggle() }
            if !quoted {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth == 0, text[index...].hasPrefix(" AND ") {
                    terms.append(current)
                    current = ""
                    index = text.index(index, offsetBy: 5)
                    continue
                }
            }
            current.append(character)
            index = text.index(after: index)
        }
        terms.append(current)
        return terms
    }

    /// `((x))` → `x`, when the outer parentheses enclose the whole text.
    private static func stripParentheses(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix("("), text.hasSuffix(")") {
            var depth = 0
            var enclosesAll = true
            for (offset, character) in text.enumerated() {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth == 0, offset < text.count - 1 {
                    enclosesAll = false
                    break
                }
            }
            guard enclosesAll else { break }
            text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    private static func estimatedActual(_ node: PlanNode) -> String {
        let estimated = node.estimatedRows.map { grouped($0 * (node.loops ?? 1)) } ?? "?"
        let actual = node.actualRows.map { grouped($0 * (node.loops ?? 1)) } ?? "?"
        return "estimated \(estimated) / actual \(actual) rows"
    }

    /// "Index Scan using idx on t (cond)", "Seq Scan on t".
    private static func describe(_ node: PlanNode) -> String {
        let table = node.relation ?? "?"
        guard let index = node.index else { return "\(node.nodeType) on \(table)" }
        let condition = node.indexCondition.map { " \($0)" } ?? ""
        return "\(node.nodeType) using \(index) on \(table)\(condition)"
    }

    // MARK: Rendering

    /// The plan as an indented tree, one node a line, for `--show-plan`: the node as EXPLAIN
    /// names it (`Parallel Seq Scan`, `Hash Anti Join`, `HashAggregate`, `Index Scan Backward`),
    /// then its conditions and keys as EXPLAIN labels them (`Index Cond`, `Recheck Cond`, `Hash
    /// Cond`, `Filter`, `Rows Removed by Filter`, `Sort Key`, `Group Key`, Memoize hits), then
    /// rows and buffers. An InitPlan or SubPlan gets its label on a line of its own, as in EXPLAIN.
    static func render(_ plan: PlanNode) -> String {
        var lines: [String] = []
        func walk(_ node: PlanNode, depth: Int) {
            var depth = depth
            if let label = node.subplanName {
                lines.append(String(repeating: "  ", count: depth) + label)
                depth += 1
            }
            let prefix = depth == 0 ? "" : String(repeating: "  ", count: depth) + "-> "
            lines.append(prefix + line(for: node))
            for child in node.children { walk(child, depth: depth + 1) }
        }
        walk(plan, depth: 0)
        return lines.joined(separator: "\n")
    }

    /// The name EXPLAIN's text format gives a node.
    static func title(of node: PlanNode) -> String {
        var name = node.nodeType
        switch (node.nodeType, node.strategy) {
        case ("Aggregate", "Hashed"): name = "HashAggregate"
        case ("Aggregate", "Sorted"): name = "GroupAggregate"
        case ("Aggregate", "Mixed"): name = "MixedAggregate"
        case ("SetOp", "Hashed"): name = "HashSetOp"
        default: break
        }
        if let join = node.joinType, join != "Inner" {
            name += node.nodeType == "Nested Loop" ? " \(join) Join" : ""
            if node.nodeType.hasSuffix(" Join") {
                name = String(node.nodeType.dropLast(5)) + " \(join) Join"
            }
        }
        if node.scanDirection == "Backward" { name += " Backward" }
        if node.parallel { name = "Parallel " + name }
        return name
    }

    private static func line(for node: PlanNode) -> String {
        var text = title(of: node)
        if let index = node.index { text += " using \(index)" }
        if let relation = node.relation, node.nodeType != "Bitmap Index Scan" {
            text += " on \(relation)" + (node.alias.map { " \($0)" } ?? "")
        }
        var details: [String] = []
        if let condition = node.hashCondition { details.append("Hash Cond: \(condition)") }
        if let condition = node.mergeCondition { details.append("Merge Cond: \(condition)") }
        if let condition = node.joinFilter { details.append("Join Filter: \(condition)") }
        if let condition = node.recheckCondition {
            details.append("Recheck Cond: \(condition)")
        } else if let condition = node.indexCondition {
            details.append("Index Cond: \(condition)")
        }
        if let filter = node.filter { details.append("Filter: \(filter)") }
        if let removed = node.rowsRemovedByFilter, removed > 0 {
            details.append("Rows Removed by Filter: \(grouped(removed * (node.loops ?? 1)))")
        }
        if let removed = node.rowsRemovedByRecheck, removed > 0 {
            details.append("Rows Removed by Index Recheck: \(grouped(removed * (node.loops ?? 1)))")
        }
        if !node.sortKey.isEmpty { details.append("Sort Key: " + node.sortKey.joined(separator: ", ")) }
        if !node.groupKey.isEmpty { details.append("Group Key: " + node.groupKey.joined(separator: ", ")) }
        if let key = node.cacheKey {
            var memo = "Cache Key: \(key)"
            if let hits = node.cacheHits, let misses = node.cacheMisses {
                memo += "  Hits: \(hits.grouped)  Misses: \(misses.grouped)"
            }
            details.append(memo)
        }
        if !details.isEmpty { text += "  " + details.joined(separator: "  ") }
        if let estimated = node.estimatedRows {
            text += "  (rows est \(grouped(estimated))"
            if let actual = node.actualRows {
                text += " / actual \(grouped(actual)) × \(grouped(node.loops ?? 1)) loops"
            }
            text += ")"
        }
        if node.sharedHit != nil || node.sharedRead != nil {
            text += "  buffers hit \((node.sharedHit ?? 0).grouped) read \((node.sharedRead ?? 0).grouped)"
        }
        return text
    }

    /// 10000.0 → "10,000", independent of the locale.
    private static func grouped(_ value: Double) -> String { Int(value.rounded()).grouped }
}
