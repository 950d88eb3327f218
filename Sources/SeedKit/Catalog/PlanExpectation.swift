/// What a catalog query expects of its plan (`-- expect:`).
enum PlanExpectation: Sendable, Equatable {
    /// One of these indexes, used with a condition that serves the query's filter.
    case index([String])
    /// Any index, used that way.
    case anyIndex
    /// A full scan is the right plan (an aggregate over the whole table).
    case fullScanAllowed
    /// The plan reads no table (`-- expect: no table read`): a plain `INSERT … VALUES`, or an
    /// insert of generated rows. The table written to is not read; foreign-key checks are not
    /// plan nodes.
    case noTableRead
}
