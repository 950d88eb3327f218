/// One node of a query plan, from PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` or
/// SQLite's `EXPLAIN QUERY PLAN`.
struct PlanNode: Sendable, Equatable {
    /// PostgreSQL's "Node Type" (`Index Scan`, `Seq Scan`, …); SQLite's detail text
    /// (`SEARCH s USING INDEX idx_session_status_created (status=?)`).
    var nodeType: String
    /// The table scanned, when the node scans one (aliases already mapped back to the table).
    var relation: String?
    /// The alias the query gave the table, if any.
    var alias: String?
    /// The index used, when the node uses one.
    var index: String?
    /// PostgreSQL's "Index Cond" (or "Recheck Cond" of a bitmap heap scan); for SQLite, the
    /// constraint in parentheses after the index name.
    var indexCondition: String?
    /// PostgreSQL's "Filter": a condition evaluated row by row, unindexed.
    var filter: String?
    /// Estimated rows (PostgreSQL "Plan Rows").
    var estimatedRows: Double?
    /// Actual rows per loop (PostgreSQL "Actual Rows").
    var actualRows: Double?
    /// PostgreSQL "Actual Loops".
    var loops: Double?
    /// Shared buffers hit and read (PostgreSQL BUFFERS).
    var sharedHit: Int?
    var sharedRead: Int?
    var children: [PlanNode]

    init(
        nodeType: String, relation: String? = nil, alias: String? = nil, index: String? = nil,
        indexCondition: String? = nil, filter: String? = nil, estimatedRows: Double? = nil,
        actualRows: Double? = nil, loops: Double? = nil, sharedHit: Int? = nil, sharedRead: Int? = nil,
        children: [PlanNode] = []
    ) {
        self.nodeType = nodeType
        self.relation = relation
        self.alias = alias
        self.index = index
        self.indexCondition = indexCondition
        self.filter = filter
        self.estimatedRows = estimatedRows
        self.actualRows = actualRows
        self.loops = loops
        self.sharedHit = sharedHit
        self.sharedRead = sharedRead
        self.children = children
    }

    /// This node and all below it, depth first.
    var allNodes: [PlanNode] { [self] + children.flatMap(\.allNodes) }
}
