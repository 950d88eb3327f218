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

    /// 10000.0 → "10,000", independent of the locale.
    static func grouped(_ value: Double) -> String { Int(value.rounded()).grouped }
}
