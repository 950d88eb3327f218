/// Encodes rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash
/// escapes, one row per line.
struct CopyTextEncoder: DelimitedTextEncoder, Sendable {
    /// Encoded rows not yet taken.
    var buffer: [UInt8] = []
    private var first = true

    /// An empty encoder with room for `capacity` bytes and 64 kB more (a row that starts near the
    /// end fits); 0 reserves nothing.
    init(capacity: Int = 1 << 20) {
        if capacity > 0 { buffer.reserveCapacity(capacity + 64 * 1024) }
    }

    @inline(__always) mutating func separator() {
        if first { first = false } else { buffer.append(0x09) }
    }

    mutating func text(_ value: String) {
        separator()
        var value = value
        value.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case 0x5C:
                    buffer.append(0x5C)
                    buffer.append(0x5C)
                case 0x09:
                    buffer.append(0x5C)
                    buffer.append(0x74)
                case 0x0A:
                    buffer.append(0x5C)
                    buffer.append(0x6E)
                case 0x0D:
                    buffer.append(0x5C)
                    buffer.append(0x72)
                default: buffer.append(byte)
                }
            }
        }
    }

    mutating func boolean(_ value: Bool) {
        separator()
        buffer.append(value ? 0x74 : 0x66)
    }

    mutating func null() {
        separator()
        buffer.append(0x5C)
        buffer.append(0x4E)
    }

    mutating func endRow() {
        buffer.append(0x0A)
        first = true
    }
}
