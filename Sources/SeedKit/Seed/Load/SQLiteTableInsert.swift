/// The INSERT a SQLite load runs for one table. Where some of the table's CHECKs hold by
/// construction (`SQLiteCheckSplit`), the table loads with `ignore_check_constraints` on, and
/// `close()` has SQLite evaluate the others in one scan of the loaded rows, inside the load's
/// transaction: a row one of them refuses is inserted again with every CHECK on, so the error is
/// SQLite's own (`CHECK constraint failed: …`) and the transaction rolls back as before.
///
/// Per row, SQLite would rebuild an IN-list's lookup table for every INSERT it checks; one scan
/// builds it once. The pragma is compiled into each statement (`PRAGMA` expires the others), so
/// it is set before this table's statement is prepared.
final class SQLiteTableInsert {
    private let connection: SQLiteConnection
    private let table: String
    private let columns: String
    private let plainSQL: String
    private let statement: SQLiteStatement
    /// The CHECKs to evaluate after the load when the load ignored them, else none.
    private var deferred: [TableSchema.Check]?

    /// Prepares the insert of `table`'s columns into its SQLite table.
    init(_ table: SeededTable, on connection: SQLiteConnection) throws {
        self.connection = connection
        self.table = table.physicalName(.sqlite)
        columns = table.columns.map(\.name).joined(separator: ", ")
        let parameters = (1...table.columns.count).map { "$\($0)" }.joined(separator: ", ")
        plainSQL = "INSERT INTO \(self.table) (\(columns)) VALUES (\(parameters))"
        let definition = try connection.query(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1", [.text(self.table)]
        ).first?["sql"].string
        let split = SQLiteCheckSplit(
            SQLiteTableDefinition.checks(in: definition ?? ""),
            generated: SeedSchema.tables.first { $0.name == table.name }?.columns ?? [])
        if !split.proven.isEmpty {
            try connection.execute(script: "PRAGMA ignore_check_constraints = ON")
            deferred = split.evaluated
        }
        statement = try connection.prepare(plainSQL)
    }

    /// Inserts `rows` (in `BoundRowFormat`).
    func run(boundRows rows: [UInt8]) throws {
        try statement.run(boundRows: rows)
    }

    /// After the table's last row: turns CHECKs back on and evaluates those the load ignored
    /// and that do not hold by construction; throws SQLite's error for a row one refuses.
    func close() throws {
        guard let checks = deferred else { return }
        deferred = nil
        try connection.execute(script: "PRAGMA ignore_check_constraints = OFF")
        guard !checks.isEmpty else { return }
        let refused = checks.map { "NOT (\($0.expression))" }.joined(separator: " OR ")
        guard
            let row = try connection.query("SELECT \(columns) FROM \(table) WHERE \(refused) LIMIT 1", [])
                .first
        else { return }
        _ = try connection.run(prepared: plainSQL, row.values)
        // Not reached unless inserting the row again passes what the scan refused.
        let names = checks.map { $0.name ?? $0.expression }.joined(separator: ", ")
        throw DatabaseError(
            code: .sqlite("CONSTRAINT"), message: "CHECK constraint failed: one of \(names) in \(table)",
            sql: plainSQL)
    }
}

/// A statement belongs to its connection, which is used from one thread at a time.
@available(*, unavailable)
extension SQLiteTableInsert: Sendable {}
