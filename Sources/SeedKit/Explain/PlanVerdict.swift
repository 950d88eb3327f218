/// The judgement of one plan against its expectation.
public struct PlanVerdict: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case pass
        /// PostgreSQL rightly chose a sequential scan on a table too small for an index to pay.
        case smallTable = "small table"
        case fail
    }

    var kind: Kind
    /// The index that served the query, if one did.
    var indexUsed: String?
    /// Why: for a failure, the node, the table, its row count, estimated vs actual rows and
    /// the unindexed filter; for `small table`, the row count and advice.
    var message: String
    /// Node types of the whole plan, depth first.
    var nodeTypes: [String]
}
