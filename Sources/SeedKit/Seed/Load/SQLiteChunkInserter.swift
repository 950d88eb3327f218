import CSQLite

/// Runs a prepared INSERT once per row of a `BoundRowEncoder` chunk, binding values straight
/// from the chunk's bytes (`SQLITE_STATIC`: the chunk outlives each step).
struct SQLiteChunkInserter {
    let statement: SQLiteStatement

    /// Inserts every row in `bytes`; returns the number of value bytes bound.
    func insert(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
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
                case 0:
                    sqlite3_bind_null(statement.handle, column)
                case 1:
                    sqlite3_bind_int64(statement.handle, column, Int64(bitPattern: read64()))
                case 2:
                    sqlite3_bind_double(statement.handle, column, Double(bitPattern: read64()))
                case 3:
                    let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
                    index += 4
                    let pointer = raw.baseAddress.map { ($0 + index).assumingMemoryBound(to: CChar.self) }
                    sqlite3_bind_text(statement.handle, column, pointer, Int32(length), nil)  // nil = SQLITE_STATIC
                    index += length
                default:  // 0xFF: end of row
                    try statement.stepAndReset()
                    column = 0
                }
                column += 1
            }
        }
    }
}
