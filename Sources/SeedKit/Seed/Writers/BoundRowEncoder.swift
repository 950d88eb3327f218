/// Encodes rows as tagged binary values, ready to bind to a SQLite statement on another thread:
/// 0 NULL, 1 int64, 2 double, 3 text (32-bit length, bytes), 0xFF end of row. Integers and
/// lengths are little-endian (`BoundRowFormat`, which `SQLiteStatement.run(boundRows:)` reads).
struct BoundRowEncoder: RowSink, Sendable {
    var buffer: [UInt8] = []

    /// An empty encoder with room for `capacity` bytes and 64 kB more (a row that starts near the
    /// end fits); 0 reserves nothing.
    init(capacity: Int = 1 << 20) {
        if capacity > 0 { buffer.reserveCapacity(capacity + 64 * 1024) }
    }

    @inline(__always) private mutating func append64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    @inline(__always) private mutating func beginText() -> Int {
        buffer.append(BoundRowFormat.text)
        buffer.append(contentsOf: [0, 0, 0, 0])
        return buffer.count
    }

    @inline(__always) private mutating func endText(_ start: Int) {
        let length = UInt32(buffer.count - start).littleEndian
        withUnsafeBytes(of: length) { bytes in
            for index in 0..<4 { buffer[start - 4 + index] = bytes[index] }
        }
    }

    mutating func uuid(_ value: SeedUUID) {
        let start = beginText()
        value.write(into: &buffer)
        endText(start)
    }

    mutating func text(_ value: String) {
        let start = beginText()
        var value = value
        value.withUTF8 { buffer.append(contentsOf: $0) }
        endText(start)
    }

    mutating func integer(_ value: Int) {
        buffer.append(BoundRowFormat.integer)
        append64(UInt64(bitPattern: Int64(value)))
    }

    mutating func real(_ value: Double) {
        buffer.append(BoundRowFormat.real)
        append64(value.bitPattern)
    }

    mutating func boolean(_ value: Bool) { integer(value ? 1 : 0) }

    mutating func timestamp(_ value: Timestamp) {
        let start = beginText()
        value.write(into: &buffer)
        endText(start)
    }

    mutating func json(_ value: String) { text(value) }

    mutating func null() { buffer.append(BoundRowFormat.null) }

    mutating func endRow() { buffer.append(BoundRowFormat.endOfRow) }
}
