/// One node of a query plan, from PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` or
/// SQLite's `EXPLAIN QUERY PLAN`.
public struct PlanNode: Sendable, Equatable {
    /// PostgreSQL's "Node Type" (`Index Scan`, `Seq Scan`, …); SQLite's detail text
    /// (`SEARCH s USING INDEX idx_session_status_created (status=?)`).
    public var nodeType: String
    /// The table scanned, when the node scans one (aliases already mapped back to the table).
    public var relation: String?
    /// The alias the query gave the table, if any.
    public var alias: String?
    /// The index used, when the node uses one.
    public var index: String?
    /// PostgreSQL's "Index Cond" (or "Recheck Cond" of a bitmap heap scan); for SQLite, the
    /// constraint in parentheses after the index name.
    public var indexCondition: String?
    /// PostgreSQL's "Filter": a condition evaluated row by row, unindexed.
    public var filter: String?
    /// Estimated rows (PostgreSQL "Plan Rows").
    public var estimatedRows: Double?
    /// Actual rows per loop (PostgreSQL "Actual Rows").
    public var actualRows: Double?
    /// PostgreSQL "Actual Loops".
    public var loops: Double?
    /// Shared buffers hit and read (PostgreSQL BUFFERS).
    public var sharedHit: Int?
    public var sharedRead: Int?
    public var children: [PlanNode]

    // PostgreSQL details, for judging and for rendering the tree as EXPLAIN does.
    /// "Recheck Cond" of a Bitmap Heap Scan (`indexCondition` holds it too).
    public var recheckCondition: String?
    /// "Join Type": Inner, Left, Anti, Semi, …
    public var joinType: String?
    /// "Parallel Aware".
    public var parallel = false
    /// "Hash Cond", "Merge Cond", "Join Filter".
    public var hashCondition: String?
    public var mergeCondition: String?
    public var joinFilter: String?
    /// "Sort Key", "Group Key".
    public var sortKey: [String] = []
    public var groupKey: [String] = []
    /// "Strategy" of an Aggregate (Plain, Sorted, Hashed, Mixed); "Scan Direction".
    public var strategy: String?
    public var scanDirection: String?
    /// "Rows Removed by Filter" (per loop), "Rows Removed by Index Recheck".
    public var rowsRemovedByFilter: Double?
    public var rowsRemovedByRecheck: Double?
    /// Memoize: "Cache Key", "Cache Hits", "Cache Misses".
    public var cacheKey: String?
    public var cacheHits: Int?
    public var cacheMisses: Int?
    /// "Subplan Name" (`InitPlan 1 (returns $0)`, `SubPlan 1`) and "Parent Relationship".
    public var subplanName: String?
    public var parentRelationship: String?

    public init(
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
    public var allNodes: [PlanNode] { [self] + children.flatMap(\.allNodes) }
}
