/// `--show-plan`: a PostgreSQL plan as EXPLAIN's text format draws it.
extension PostgresPlanAnalyzer {
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

}
