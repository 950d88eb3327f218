/// Encodes rows as RFC 4180 CSV that `psql \copy … (FORMAT csv, HEADER)` and
/// `sqlite3 .import --csv --skip 1` both read: NULL is an empty unquoted field, booleans are
/// 1/0, timestamps ISO 8601 UTC.
struct CSVEncoder: DelimitedTextEncoder, Sendable {
    /// Encoded rows not yet taken.
    var buffer: [UInt8] = []
    private var first = true

    /// An empty encoder with room for `capacity` bytes and 64 kB more (a row that starts near the
    /// end fits); 0 reserves nothing.
    init(capacity: Int = 1 << 20) {
        if capacity > 0 { buffer.reserveCapacity(capacity + 64 * 1024) }
    }

    /// The header line for `table`.
    static func header(_ table: SeededTable) -> String {
        table.columns.map(\.name).joined(separator: ",") + "\n"
    }

    @inline(__always) mutating func separator() {
        if first { first = false } else { buffer.append(0x2C) }
    }

    mutating func text(_ value: String) {
        separator()
        var value = value
        value.withUTF8 { bytes in
            let needsQuotes =
                bytes.isEmpty || bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(0x22)
            for byte in bytes {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }

    mutating func boolean(_ value: Bool) {
        separator()
        buffer.append(value ? 0x31 : 0x30)
    }

    mutating func null() { separator() }

    mutating func endRow() {
        buffer.append(0x0A)
        first = true
    }
}
