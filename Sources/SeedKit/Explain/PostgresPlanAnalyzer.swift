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
        return PlanNode(
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

    /// Judges a plan: did the expected index serve the query's condition, and if a sequential
    /// scan ran instead, was its table (row counts from `tableRows`, by unqualified name) too
    /// small for an index to pay off? With `noTableRead`, does any node read a table?
    static func verdict(
        plan: PlanNode, expectation: PlanExpectation, tableRows: [String: Int], smallTableRows: Int = 10_000
    ) -> PlanVerdict {
        let nodes = plan.allNodes
        let nodeTypes = nodes.map(\.nodeType)
        let indexNodes = nodes.filter { indexScanTypes.contains($0.nodeType) && $0.index != nil }
        func verdict(_ kind: PlanVerdict.Kind, _ index: String?, _ message: String) -> PlanVerdict {
            PlanVerdict(kind: kind, indexUsed: index, message: message, nodeTypes: nodeTypes)
        }

        let expected: [String]?
        switch expectation {
        case .fullScanAllowed:
            return verdict(.pass, indexNodes.first?.index, "full scan allowed")
        case .noTableRead:
            // A node that reads a table names it; ModifyTable names the table it writes, and
            // Function/Values/CTE scans name none.
            guard let read = nodes.first(where: { $0.nodeType.hasSuffix("Scan") && $0.relation != nil })
            else {
                return verdict(.pass, nil, "the plan reads no table")
            }
            let size = read.relation.flatMap { tableRows[$0] }.map { " (\($0.grouped) rows)" } ?? ""
            let what = read.index == nil ? "\(read.nodeType) on \(read.relation ?? "?")" : describe(read)
            return verdict(
                .fail, read.index, "\(what)\(size) reads a table; expected a plan that reads no table")
        case .anyIndex: expected = nil
        case .index(let names): expected = names
        }
        let candidates = indexNodes.filter { node in expected.map { $0.contains(node.index ?? "") } ?? true }

        // Served: the index applies a condition, or only supplies ORDER BY … LIMIT with no WHERE.
        if let served = candidates.first(where: { $0.indexCondition != nil || $0.filter == nil }) {
            return verdict(.pass, served.index, describe(served))
        }
        if let orderOnly = candidates.first, let filter = orderOnly.filter {
            return verdict(
                .fail, orderOnly.index,
                "\(orderOnly.index ?? "") on \(orderOnly.relation ?? "?") only supplies the order; the WHERE runs as Filter: \(filter)"
            )
        }

        let wanted = expected.map { "expected index " + $0.joined(separator: " or ") } ?? "expected an index"
        let seqScans = nodes.filter { $0.nodeType.hasSuffix("Seq Scan") }
        if let scan = seqScans.max(by: { rows(of: $0, tableRows) < rows(of: $1, tableRows) }) {
            let table = scan.relation ?? "?"
            let known = scan.relation.flatMap { tableRows[$0] }
            if let known, known < smallTableRows {
                return verdict(
                    .smallTable, nil,
                    "\(scan.nodeType) on \(table) (\(known.grouped) rows): too small for an index to pay off; seed a larger profile (e.g. --profile default)"
                )
            }
            let size = known.map { "\($0.grouped) rows, " } ?? ""
            let estimated = scan.estimatedRows.map(grouped) ?? "?"
            let actual = scan.actualRows.map { grouped($0 * (scan.loops ?? 1)) } ?? "?"
            let filter = scan.filter.map { "with Filter: \($0)" } ?? "with no Filter"
            return verdict(
                .fail, nil,
                "\(scan.nodeType) on \(table) (\(size)estimated \(estimated) / actual \(actual) rows) \(filter) — \(wanted)"
            )
        }

        let used = indexNodes.compactMap(\.index).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        let message =
            used.isEmpty
            ? "the plan scans no table through an index; \(wanted)"
            : "the plan used \(used.joined(separator: ", ")) instead; \(wanted)"
        return verdict(.fail, indexNodes.first?.index, message)
    }

    private static func rows(of node: PlanNode, _ tableRows: [String: Int]) -> Int {
        node.relation.flatMap { tableRows[$0] } ?? -1
    }

    /// "Index Scan using idx on t (cond)", or "(order only)" for an index that only sorts.
    private static func describe(_ node: PlanNode) -> String {
        let condition = node.indexCondition.map { " \($0)" } ?? " (order only, no WHERE)"
        return "\(node.nodeType) using \(node.index ?? "") on \(node.relation ?? "?")\(condition)"
    }

    // MARK: Rendering

    /// The plan as an indented tree, one node a line, for `--show-plan`.
    static func render(_ plan: PlanNode) -> String {
        var lines: [String] = []
        func walk(_ node: PlanNode, depth: Int) {
            let prefix = depth == 0 ? "" : String(repeating: "  ", count: depth) + "-> "
            lines.append(prefix + line(for: node))
            for child in node.children { walk(child, depth: depth + 1) }
        }
        walk(plan, depth: 0)
        return lines.joined(separator: "\n")
    }

    private static func line(for node: PlanNode) -> String {
        var text = node.nodeType
        if let index = node.index { text += " using \(index)" }
        if let relation = node.relation { text += " on \(relation)" + (node.alias.map { " \($0)" } ?? "") }
        var details: [String] = []
        if let condition = node.indexCondition { details.append("(cond: \(condition))") }
        if let filter = node.filter { details.append("(filter: \(filter))") }
        if !details.isEmpty { text += "  " + details.joined(separator: " ") }
        if let estimated = node.estimatedRows {
            text += "  rows est \(grouped(estimated))"
            if let actual = node.actualRows {
                text += " / actual \(grouped(actual)) × \(grouped(node.loops ?? 1)) loops"
            }
        }
        if node.sharedHit != nil || node.sharedRead != nil {
            text += "  buffers hit \((node.sharedHit ?? 0).grouped) read \((node.sharedRead ?? 0).grouped)"
        }
        return text
    }

    /// 10000.0 → "10,000", independent of the locale.
    private static func grouped(_ value: Double) -> String { Int(value.rounded()).grouped }
}
