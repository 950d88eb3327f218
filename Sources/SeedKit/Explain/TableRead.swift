/// One node of a plan that reads a stored table, as the verdict rules see it: how it reads
/// (through an index condition, a partial index's predicate, the order of an index up to a
/// LIMIT, or everything), which table and how big it is.
struct TableRead: Equatable {
    enum Access: Equatable {
        /// The index applies a condition on its leading column (an Index Cond, SQLite's SEARCH).
        case condition
        /// A partial index: its predicate is the condition.
        case predicate
        /// The index supplies ORDER BY … LIMIT with no filter, and the plan read about the limit.
        case orderOnly
        /// Every row of the index (no condition on its leading column).
        case wholeIndex
        /// Every row of the table (sequential scan, SQLite SCAN).
        case wholeTable
        /// SQLite built an automatic index over every row, on every execution.
        case automaticIndex

        var isFull: Bool { [.wholeIndex, .wholeTable, .automaticIndex].contains(self) }
    }

    var access: Access
    /// The table as the plan names it (a partition for a partition's scan).
    var table: String
    /// The index used, if any.
    var index: String?
    /// How the node reads, for messages: `Seq Scan on tech_conversations c`.
    var description: String
    /// Why, for a full read: `Filter: (role = 'system')`, `Index Cond on created_at, not on
    /// session_id, the first column of (session_id, created_at)`.
    var reason: String?
    /// What the read does, when "reads the whole table/index" would overstate it: a Seq Scan
    /// under a LIMIT that stopped early still has no index for its WHERE.
    var verb: String?
}

/// The verdict rules, shared by both backends (README "Verdict rules").
enum PlanJudge {
    /// Judges the reads of one plan.
    ///
    /// - A full read (whole table, whole index, automatic index) of a table at or above
    ///   `smallTableRows` fails, unless the catalog allows full scans of that table.
    /// - Otherwise the expected index (or a partition's index of it) must serve a read: pass.
    /// - A read served by another index: fail, "expected X, used Y" — unless every table the
    ///   plan reads is small: `small table`.
    /// - No index used and every full read small: `small table`.
    static func verdict(
        reads: [TableRead], expectation: PlanExpectation, facts: SchemaFacts, smallTableRows: Int,
        fullScanTables: [String], nodeTypes: [String]
    ) -> PlanVerdict {
        func verdict(_ kind: PlanVerdict.Kind, _ index: String?, _ message: String) -> PlanVerdict {
            PlanVerdict(kind: kind, indexUsed: index, message: message, nodeTypes: nodeTypes)
        }
        func size(_ read: TableRead) -> String {
            facts.rowCount(read.table).map {
                $0 == 0 ? " (empty table: seed it first)" : " (\($0.grouped) rows)"
            } ?? ""
        }
        let allowed = Set(
            fullScanTables.flatMap {
                [Self.unqualified($0), $0.lowercased().replacingOccurrences(of: ".", with: "_")]
            })
        func isAllowed(_ read: TableRead) -> Bool {
            facts.lineage(of: read.table).contains { allowed.contains(Self.unqualified($0)) }
        }
        let expected: [String]?
        switch expectation {
        case .fullScanAllowed:
            return verdict(.pass, reads.first { $0.index != nil }?.index, "full scan allowed")
        case .noTableRead:
            guard let read = reads.first else { return verdict(.pass, nil, "the plan reads no table") }
            return verdict(
                .fail, read.index,
                "\(read.description)\(size(read)) reads a table; expected a plan that reads no table")
        case .anyIndex: expected = nil
        case .index(let names): expected = names.map { $0.lowercased() }
        }
        let wanted =
            expected.map { _ in "expected index " + (expectation.indexNames.joined(separator: " or ")) }
            ?? "expected an index"
        func matches(_ read: TableRead) -> Bool {
            guard let index = read.index, !read.access.isFull else { return false }
            guard let expected else { return true }
            return facts.indexLineage(of: index).contains { expected.contains($0.lowercased()) }
        }
        let full = reads.filter(\.access.isFull)
        // The biggest first; of equal ones (or unknown sizes), an automatic index first.
        let large = full.enumerated()
            .filter {
                !isAllowed($0.element) && (facts.rowCount($0.element.table) ?? Int.max) >= smallTableRows
            }
            .sorted {
                let (left, right) = (
                    facts.rowCount($0.element.table) ?? Int.max, facts.rowCount($1.element.table) ?? Int.max
                )
                if left != right { return left > right }
                let (a, b) = ($0.element.access == .automaticIndex, $1.element.access == .automaticIndex)
                return a != b ? a : $0.offset < $1.offset
            }
            .map(\.element)
        let served = reads.first(where: matches)
        if let read = large.first {
            let because = read.reason.map { ": \($0)" } ?? ""
            let also = served.map { "; \($0.index ?? "") serves \($0.table), but every read is judged" } ?? ""
            return verdict(
                .fail, served?.index ?? read.index,
                "\(read.description)\(size(read)) \(read.verb ?? "reads the whole \(read.access == .wholeIndex ? "index" : "table")")\(because) — \(wanted)\(also)"
            )
        }
        if let read = served {
            let index = read.index ?? ""
            // A partition's index stands for the expected parent index.
            let named =
                expected.flatMap { names in
                    facts.indexLineage(of: index).first { names.contains($0.lowercased()) }
                }
                ?? index
            return verdict(.pass, named, read.description + (read.reason.map { " (\($0))" } ?? ""))
        }
        let others = reads.filter { $0.index != nil && !$0.access.isFull }.compactMap(\.index)
        // On tables that are all small the planner's choice of index means little.
        let sizes = reads.map { facts.rowCount($0.table) }
        if !others.isEmpty, !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? Int.max) < smallTableRows }),
            let largest = reads.max(by: { (facts.rowCount($0.table) ?? 0) < (facts.rowCount($1.table) ?? 0) }
            ),
            let rows = facts.rowCount(largest.table), rows > 0
        {
            return verdict(
                .smallTable, nil,
                "\(largest.description) (\(rows.grouped) rows) and every other table read are too small for the index choice to mean much; seed a larger profile (e.g. --profile default)"
            )
        }
        if !others.isEmpty {
            let used = others.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return verdict(.fail, others.first, "\(wanted), used \(used.joined(separator: ", "))")
        }
        // Here every full read the catalog does not allow is of a small table.
        if let read = full.first(where: { !isAllowed($0) }) {
            if let rows = facts.rowCount(read.table) {
                guard rows > 0 else {
                    return verdict(.fail, nil, "\(read.description)\(size(read)): full table scan, \(wanted)")
                }
                return verdict(
                    .smallTable, nil,
                    "\(read.description) (\(rows.grouped) rows): too small for an index to pay off; seed a larger profile (e.g. --profile default)"
                )
            }
        }
        return verdict(.fail, nil, "the plan scans no table through an index; \(wanted)")
    }

    /// `shared.design_jobs` → `design_jobs`, lowercased; SQLite's `shared_design_jobs` stays.
    static func unqualified(_ name: String) -> String {
        String(name.split(separator: ".").last ?? Substring(name)).lowercased()
    }
}

extension PlanExpectation {
    /// The index names of `index(…)`, else none.
    var indexNames: [String] {
        if case .index(let names) = self { return names }
        return []
    }
}
