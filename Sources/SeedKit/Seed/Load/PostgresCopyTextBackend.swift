/// Loads into PostgreSQL with `COPY … FROM STDIN` in text format: keys, foreign keys and indexes
/// dropped during the load and recreated after it (as pg_restore does), `COPY FREEZE` when the
/// tables were emptied in the load's transaction.
final class PostgresCopyTextBackend: SeedLoadBackend {
    typealias Encoder = CopyTextEncoder

    static let chunkCapacity = 1 << 21
    static let aheadBytes = 8 << 20

    private let postgres: PostgresConnection
    private var indexes: PostgresIndexes
    /// Whether COPY may write its rows frozen: the tables were truncated in this transaction.
    private var freeze = false
    /// The dataset specs' new tables, loaded and analyzed like the seeded ones.
    private var newTables: [String] = []

    init(connection: PostgresConnection) {
        postgres = connection
        indexes = PostgresIndexes(connection: connection)
    }

    var connection: any Connection { postgres }

    // Truncating in the load's transaction lets COPY FREEZE skip later hint-bit writes.
    var emptiesTablesInTransaction: Bool { true }

    func inLoadTransaction<T>(_ body: () throws -> T) throws -> T {
        try postgres.transaction {
            try postgres.execute(script: "SET LOCAL maintenance_work_mem = '256MB'")
            return try body()
        }
    }

    func prepare(tablesEmptied: Bool, newTables: [String]) throws {
        freeze = tablesEmptied
        self.newTables = newTables
        try indexes.drop(Self.tables + newTables)
    }

    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws {
        let columns = table.columns.map(\.name).joined(separator: ", ")
        let options = freeze ? " WITH (FREEZE)" : ""
        let sql = "COPY \(table.physicalName(.postgres)) (\(columns)) FROM STDIN\(options)"
        try postgres.copy(sql) { writer in
            try body { try writer.send($0) }
        }
    }

    func finish(onEvent: (SeedEvent) -> Void) throws {
        onEvent(.phase("building indexes and foreign keys"))
        try indexes.restore()
    }

    func analyze() throws {
        try postgres.execute(script: "ANALYZE \((Self.tables + newTables).joined(separator: ", "))")
    }

    private static var tables: [String] { SeedSchema.tables.map { $0.physicalName(.postgres) } }
}
