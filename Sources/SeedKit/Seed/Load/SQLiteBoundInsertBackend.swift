/// Loads into SQLite with one compiled INSERT per table, bound straight from each chunk's bytes;
/// the seeded tables' indexes are dropped during the load and recreated after it, and foreign
/// keys are checked once at the end instead of per row, and SQLite evaluates only the CHECKs that
/// do not hold by construction (`SQLiteTableInsert`).
final class SQLiteBoundInsertBackend: SeedLoadBackend {
    typealias Encoder = BoundRowEncoder

    static let chunkCapacity = 1 << 20
    static let aheadBytes = 2 << 20
    /// The page cache during the load, in KiB (also the sorter's memory per index build).
    static let cacheKiB = 8192

    private let sqlite: SQLiteConnection
    /// The dropped indexes' names and `CREATE INDEX` statements.
    private var indexes: [(name: String, sql: String)] = []

    init(connection: SQLiteConnection) {
        sqlite = connection
    }

    var connection: any Connection { sqlite }

    var emptiesTablesInTransaction: Bool { false }

    func inLoadTransaction<T>(_ body: () throws -> T) throws -> T {
        // Foreign keys are checked once, after the load (PRAGMA foreign_key_check), not per row;
        // the pragma cannot change inside a transaction. The cache size bounds two buffers at
        // once while an index is built: the page cache and the sorter's in-memory run (SQLite
        // sizes it from cache_size), so 8 MB here is 16 MB at the peak (issue 14: RSS ≤ 64 MB).
        try sqlite.execute(
            script:
                "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -\(Self.cacheKiB); PRAGMA analysis_limit = 1000"
        )
        // A table's insert may have left CHECKs ignored if it failed (SQLiteTableInsert).
        defer {
            try? sqlite.execute(script: "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF")
        }
        return try sqlite.transaction(body)
    }

    func prepare(tablesEmptied: Bool, newTables: [String]) throws {
        let names = SeedSchema.tables.map { $0.physicalName(.sqlite) } + newTables
        let list = names.map { "'\($0)'" }.joined(separator: ",")
        indexes = try sqlite.query(
            """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list))
            """
        ).map { (name: $0["name"].string ?? "", sql: $0["sql"].string ?? "") }
        for index in indexes { try sqlite.execute(script: "DROP INDEX \(index.name)") }
    }

    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws {
        let insert = try SQLiteTableInsert(table, on: sqlite)
        try body { try insert.run(boundRows: $0) }
        try insert.close()
    }

    func finish(onEvent: (SeedEvent) -> Void) throws {
        onEvent(.phase("building indexes"))
        for index in indexes { try sqlite.execute(script: index.sql) }
        onEvent(.phase("checking foreign keys"))
        if let orphan = try sqlite.query("PRAGMA foreign_key_check").first {
            throw NotReadyError(
                "generated rows break a foreign key in \(orphan["table"].string ?? "?"); "
                    + "nothing was changed (please report this)")
        }
    }

    func analyze() throws {
        try sqlite.execute(script: "ANALYZE")
    }
}
