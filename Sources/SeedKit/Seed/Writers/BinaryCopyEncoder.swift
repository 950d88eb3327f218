/// Encodes rows in PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`),
/// straight from the generators' values: no decimal or ISO text is formatted and no text is
/// escaped. Each row is a 16-bit field count, then per field a 32-bit length (-1 for NULL) and
/// the bytes of the type's `*send` function; all integers are big-endian. The stream's header
/// and trailer are the backend's (`header`, `trailer`).
///
/// The field layouts, as the seeded columns are declared in `Migrations/postgres`:
/// - `uuid`: the 16 bytes (`uuid_send`);
/// - `text`: the UTF-8 bytes (`textsend`);
/// - `integer`: int4, 4 bytes (`int4send`; every seeded integer column is `integer`);
/// - `double precision`: the IEEE 754 bits, 8 bytes (`float8send`);
/// - `boolean`: one byte, 1 or 0 (`boolsend`);
/// - `timestamptz`: int8 microseconds since 2000-01-01T00:00:00Z (`timestamptz_send`);
/// - `jsonb`: the version byte 1, then the JSON text (`jsonb_send`).
/// A live column of any other type makes its table fall back to COPY text
/// (`PostgresCopyBinaryBackend`).
struct BinaryCopyEncoder: RowSink, Sendable {
    /// Encoded rows not yet taken.
    var buffer: [UInt8] = []
    /// Where the current row's field count goes, and how many fields it has so far.
    private var rowStart = -1
    private var fields: Int16 = 0

    /// The 19-byte header that starts a binary COPY stream: signature, flags, extension length.
    static let header: [UInt8] = [
        0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00,  // "PGCOPY\n\377\r\n\0"
        0, 0, 0, 0,  // flags: no OIDs
        0, 0, 0, 0,  // header extension length
    ]

    /// The trailer that ends it: a field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    /// Microseconds from 1970-01-01 (`Timestamp`) to 2000-01-01 (PostgreSQL's epoch).
    static let postgresEpoch: Int64 = 946_684_800 * Timestamp.second

    /// An empty encoder with room for `capacity` bytes and 64 kB more (a row that starts near the
    /// end fits); 0 reserves nothing.
    init(capacity: Int = 1 << 20) {
        if capacity > 0 { buffer.reserveCapacity(capacity + 64 * 1024) }
    }

    @inline(__always) private mutating func beginField(length: Int32) {
        if rowStart < 0 {
            rowStart = buffer.count
            buffer.append(0)
            buffer.append(0)
        }
        fields += 1
        append32(UInt32(bitPattern: length))
    }

    @inline(__always) private mutating func append32(_ value: UInt32) {
        buffer.append(UInt8(truncatingIfNeeded: value >> 24))
        buffer.append(UInt8(truncatingIfNeeded: value >> 16))
        buffer.append(UInt8(truncatingIfNeeded: value >> 8))
        buffer.append(UInt8(truncatingIfNeeded: value))
    }

    @inline(__always) private mutating func append64(_ value: UInt64) {
        append32(UInt32(truncatingIfNeeded: value >> 32))
        append32(UInt32(truncatingIfNeeded: value))
    }

    mutating func uuid(_ value: SeedUUID) {
        beginField(length: 16)
        append64(value.high)
        append64(value.low)
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            beginField(length: Int32(bytes.count))
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func integer(_ value: Int) {
        beginField(length: 4)
        append32(UInt32(bitPattern: Int32(truncatingIfNeeded: value)))
    }

    mutating func real(_ value: Double) {
        beginField(length: 8)
        append64(value.bitPattern)
    }

    mutating func boolean(_ value: Bool) {
        beginField(length: 1)
        buffer.append(value ? 1 : 0)
    }

    mutating func timestamp(_ value: Timestamp) {
        beginField(length: 8)
        append64(UInt64(bitPattern: value.microseconds - Self.postgresEpoch))
    }

    mutating func json(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            beginField(length: Int32(bytes.count + 1))
            buffer.append(1)
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func null() { beginField(length: -1) }

    mutating func endRow() {
        let count = UInt16(bitPattern: fields)
        if rowStart >= 0 {
            buffer[rowStart] = UInt8(truncatingIfNeeded: count >> 8)
            buffer[rowStart + 1] = UInt8(truncatingIfNeeded: count)
        }
        rowStart = -1
        fields = 0
    }
}

extension BinaryCopyEncoder: ChunkEncoder {}
