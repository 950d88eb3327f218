/// The layout of rows encoded for binding to a compiled SQLite statement without copying: each
/// value is a tag byte followed, for an integer or a real, by its 8 bytes and, for text, by a
/// 32-bit length and that many UTF-8 bytes; `endOfRow` follows each row's last value. Integers
/// and lengths are little-endian. `BoundRowEncoder` writes it, `SQLiteStatement.run(boundRows:)`
/// reads it.
enum BoundRowFormat {
    static let null: UInt8 = 0
    static let integer: UInt8 = 1
    static let real: UInt8 = 2
    static let text: UInt8 = 3
    static let endOfRow: UInt8 = 0xFF
}
