import CSQLite

/// Binds each generated row to a prepared `INSERT` and runs it.
struct SQLiteInsertSink: RowSink {
    let statement: SQLiteStatement
    private var column: Int32 = 1
    private var scratch: [UInt8] = []
    private(set) var bytes = 0

    init(statement: SQLiteStatement) {
        self.statement = statement
        scratch.reserveCapacity(64)
    }

    mutating func uuid(_ value: SeedUUID) {
        scratch.removeAll(keepingCapacity: true)
        value.write(into: &scratch)
        bindScratch()
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            _ = utf8.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(statement.handle, column, $0.baseAddress, Int32($0.count), seedctl_sqlite_transient())
            }
            bytes += utf8.count
        }
        column += 1
    }

    mutating func integer(_ value: Int) {
        sqlite3_bind_int64(statement.handle, column, Int64(value))
        column += 1
        bytes += 8
    }

    mutating func real(_ value: Double) {
        sqlite3_bind_double(statement.handle, column, value)
        column += 1
        bytes += 8
    }

    mutating func boolean(_ value: Bool) { integer(value ? 1 : 0) }

    mutating func timestamp(_ value: Timestamp) {
        scratch.removeAll(keepingCapacity: true)
        value.write(into: &scratch)
        bindScratch()
    }

    mutating func json(_ value: String) { text(value) }

    mutating func null() {
        sqlite3_bind_null(statement.handle, column)
        column += 1
    }

    mutating func endRow() throws {
        column = 1
        try statement.stepAndReset()
    }

    private mutating func bindScratch() {
        scratch.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                _ = sqlite3_bind_text(statement.handle, column, $0.baseAddress, Int32($0.count), seedctl_sqlite_transient())
            }
        }
        bytes += scratch.count
        column += 1
    }
}
