import CSQLite

/// A compiled SQLite statement, finalized in `deinit`.
///
/// Parameters are written `$1`, `$2`, … as in PostgreSQL and bound by that number. It must not
/// outlive its connection (which may cache it: the reference back is `unowned` to avoid a cycle).
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection
    private let sql: String
    /// For each parameter slot (1-based), the index into the values array it takes.
    private let slots: [Int]

    init(_ handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
        let count = Int(sqlite3_bind_parameter_count(handle))
        slots = (0..<count).map { slot in
            guard let name = sqlite3_bind_parameter_name(handle, Int32(slot + 1)) else { return slot }
            let text = String(cString: name).dropFirst()
            return Int(text).map { $0 - 1 } ?? slot
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Column names of the result.
    var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// Resets the statement and binds `values` by parameter number.
    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, index) in slots.enumerated() {
            guard index >= 0, index < values.count else {
                throw DatabaseError(
                    code: .sqlite("RANGE"),
                    message: "statement expects parameter $\(index + 1) but \(values.count) were given",
                    sql: sql)
            }
            let slot = Int32(offset + 1)
            let status: Int32 =
                switch values[index] {
                case .null: sqlite3_bind_null(handle, slot)
                case .integer(let value): sqlite3_bind_int64(handle, slot, value)
                case .real(let value): sqlite3_bind_double(handle, slot, value)
                case .bool(let value): sqlite3_bind_int64(handle, slot, value ? 1 : 0)
                case .text(let value): sqlite3_bind_text(handle, slot, value, -1, seedctl_sqlite_transient())
                }
            guard status == SQLITE_OK else { throw connection.error(status, sql: sql) }
        }
    }

    /// Advances to the next row; false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw connection.error(status, sql: sql)
        }
    }

    /// Binds, runs to completion and resets, for statements that return no rows.
    func run(_ values: [SQLValue]) throws {
        try bind(values)
        while try step() {}
    }

    /// Runs the statement once per row of `rows` (in `BoundRowFormat`), binding each value in
    /// column order straight from the bytes: text is bound `SQLITE_STATIC`, without a copy, as
    /// `rows` outlives every step. The seed loader's hot path.
    func run(boundRows rows: [UInt8]) throws {
        try rows.withUnsafeBytes { raw in
            var index = 0
            var column: Int32 = 1
            func read64() -> UInt64 {
                let value = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index += 8
                return UInt64(littleEndian: value)
            }
            while index < raw.count {
                let tag = raw[index]
                index += 1
                switch tag {
                case BoundRowFormat.null:
                    sqlite3_bind_null(handle, column)
                case BoundRowFormat.integer:
                    sqlite3_bind_int64(handle, column, Int64(bitPattern: read64()))
                case BoundRowFormat.real:
                    sqlite3_bind_double(handle, column, Double(bitPattern: read64()))
                case BoundRowFormat.text:
                    let length = Int(
                        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
                    index += 4
                    let text = raw.baseAddress.map { ($0 + index).assumingMemoryBound(to: CChar.self) }
                    sqlite3_bind_text(handle, column, text, Int32(length), nil)  // nil: SQLITE_STATIC
                    index += length
                case BoundRowFormat.endOfRow:
                    try stepAndReset()
                    column = 0
                default:
                    throw DatabaseError(
                        code: .clientError,
                        message: "bound rows hold an unknown tag \(tag) at byte \(index - 1)")
                }
                column += 1
            }
        }
    }

    /// Runs a statement whose parameters were bound directly, then resets it for the next row.
    private func stepAndReset() throws {
        let status = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard status == SQLITE_DONE || status == SQLITE_ROW else {
            throw connection.error(status, sql: sql)
        }
    }

    /// The values of the current row.
    func currentValues() -> [SQLValue] {
        (0..<sqlite3_column_count(handle)).map { column in
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, column))
            case SQLITE_FLOAT: .real(sqlite3_column_double(handle, column))
            case SQLITE_NULL: .null
            default: .text(sqlite3_column_text(handle, column).map { String(cString: $0) } ?? "")
            }
        }
    }
}

/// A statement belongs to its connection, which is used from one thread at a time.
@available(*, unavailable)
extension SQLiteStatement: Sendable {}
