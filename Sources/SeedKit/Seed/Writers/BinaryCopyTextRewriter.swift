/// Rewrites rows encoded by `BinaryCopyEncoder` as COPY text, byte for byte what
/// `CopyTextEncoder` writes for the same values: the binary-COPY backend's fallback for a table
/// whose live column types binary COPY cannot encode (an enum, a domain, a `varchar(n)`).
struct BinaryCopyTextRewriter {
    /// The table's columns, in the order its rows were encoded.
    let columns: [Column]

    /// Binary COPY data that does not decode as rows of `columns`.
    struct MalformedRows: Error, CustomStringConvertible {
        var description: String { "internal error: a binary COPY chunk does not decode; report it as a bug" }
    }

    /// The COPY text of `rows`: whole binary tuples, without the stream's header or trailer.
    func text(of rows: [UInt8]) throws -> [UInt8] {
        var encoder = CopyTextEncoder(capacity: rows.count + rows.count / 2)
        try rows.withUnsafeBytes { bytes in
            var reader = Reader(bytes: bytes)
            while reader.offset < bytes.count {
                guard Int(try reader.int16()) == columns.count else { throw MalformedRows() }
                for column in columns {
                    let length = Int(try reader.int32())
                    guard length >= 0 else {
                        encoder.null()
                        continue
                    }
                    let end = reader.offset + length
                    switch column.type {
                    case .uuid:
                        encoder.uuid(SeedUUID(high: try reader.uint64(), low: try reader.uint64()))
                    case .text:
                        encoder.text(try reader.string(length))
                    case .integer:
                        encoder.integer(Int(Int32(bitPattern: try reader.uint32())))
                    case .real:
                        encoder.real(Double(bitPattern: try reader.uint64()))
                    case .boolean:
                        encoder.boolean(try reader.byte() != 0)
                    case .timestamp:
                        let micros = Int64(bitPattern: try reader.uint64()) + BinaryCopyEncoder.postgresEpoch
                        encoder.timestamp(Timestamp(microseconds: micros))
                    case .json:
                        guard length >= 1, try reader.byte() == 1 else { throw MalformedRows() }
                        encoder.json(try reader.string(length - 1))
                    }
                    guard reader.offset == end else { throw MalformedRows() }
                }
                encoder.endRow()
            }
        }
        return encoder.buffer
    }

    /// Reads big-endian values from a chunk.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw MalformedRows() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func int16() throws -> Int16 {
            Int16(bitPattern: UInt16(try byte()) << 8 | UInt16(try byte()))
        }

        mutating func uint32() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 { value = value << 8 | UInt32(try byte()) }
            return value
        }

        mutating func int32() throws -> Int32 { Int32(bitPattern: try uint32()) }

        mutating func uint64() throws -> UInt64 {
            UInt64(try uint32()) << 32 | UInt64(try uint32())
        }

        mutating func string(_ length: Int) throws -> String {
            guard length >= 0, offset + length <= bytes.count else { throw MalformedRows() }
            defer { offset += length }
            return String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
        }
    }
}
