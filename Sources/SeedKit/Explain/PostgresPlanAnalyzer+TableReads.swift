import Foundation

/// Table-read extraction: which nodes of a PostgreSQL plan read a stored table, and how.
extension PostgresPlanAnalyzer {
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
}
