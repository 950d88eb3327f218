/// What loading a dataset does differently on one backend: how the load's transaction is set
/// up, what is dropped before the first table and rebuilt after the last, and (as a
/// `ChunkDestination`) how a table's chunks are written. `SeedLoader` runs the rest, the same
/// on every backend.
protocol SeedLoadBackend: ChunkDestination {
    /// The encoding this backend's chunks are in.
    associatedtype Encoder: ChunkEncoder

    /// Bytes each chunk's encoder reserves.
    static var chunkCapacity: Int { get }

    /// About how many bytes of encoded chunks the generator may have ready ahead of the loader
    /// (the memory that buys: peak RSS ≤ 64 MB on `large`).
    static var aheadBytes: Int { get }

    /// The connection the load runs on.
    var connection: any Connection { get }

    /// Whether a whole load empties the tables inside its transaction even when they are empty
    /// already (PostgreSQL: COPY FREEZE needs tables truncated in the same transaction).
    var emptiesTablesInTransaction: Bool { get }

    /// Runs `body` as the load's one transaction, with the connection set up for a bulk load.
    func inLoadTransaction<T>(_ body: () throws -> T) throws -> T

    /// Drops what slows a bulk load (keys, indexes) before the first table, of the seeded
    /// tables and `newTables` (the dataset specs'); `tablesEmptied` says the tables were
    /// emptied in this transaction.
    func prepare(tablesEmptied: Bool, newTables: [String]) throws

    /// After the last table: rebuilds what `prepare` dropped and checks foreign keys, reporting
    /// each phase.
    func finish(onEvent: (SeedEvent) -> Void) throws

    /// Refreshes the planner's statistics of the seeded tables.
    func analyze() throws
}
