import Testing

@testable import SeedKit

/// PostgreSQL's binary COPY format (documentation: COPY, "Binary Format"): an 11-byte signature
/// `PGCOPY\n\377\r\n\0`, a 32-bit flags field, a 32-bit header-extension length, then per tuple
/// a 16-bit field count and per field a 32-bit length (-1 for NULL) and the bytes of the type's
/// send function, all network byte order; the trailer is a field count of -1. The field bytes
/// pinned here are those of `uuid_send`, `textsend`, `int4send`, `float8send`, `boolsend`,
/// `timestamptz_send` (int8 microseconds since 2000-01-01 00:00 UTC) and `jsonb_send` (version
/// byte 1, then the text).
struct BinaryCopyEncoderTests {
    /// One row of one field, as bytes.
    static func field(_ write: (inout BinaryCopyEncoder) -> Void) -> [UInt8] {
        var encoder = BinaryCopyEncoder(capacity: 0)
        write(&encoder)
        encoder.endRow()
        return encoder.buffer
    }

    @Test func headerAndTrailer() {
        #expect(
            BinaryCopyEncoder.header == Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [
                0, 0, 0, 0, 0, 0, 0, 0,
            ])
        #expect(BinaryCopyEncoder.header.count == 19)
        #expect(BinaryCopyEncoder.trailer == [0xFF, 0xFF])
    }

    @Test func uuid() {
        let value = SeedUUID(high: 0x0123_4567_89AB_4DEF, low: 0x8123_4567_89AB_CDEF)
        #expect(value.description == "01234567-89ab-4def-8123-456789abcdef")
        #expect(
            Self.field { $0.uuid(value) } == [0, 1, 0, 0, 0, 16]
                + [
                    0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0x4D, 0xEF, 0x81, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD,
                    0xEF,
                ])
    }

    @Test func textIsUTF8WithoutEscapes() {
        #expect(Self.field { $0.text("a\tb\\é") } == [0, 1, 0, 0, 0, 6, 0x61, 0x09, 0x62, 0x5C, 0xC3, 0xA9])
        #expect(Self.field { $0.text("") } == [0, 1, 0, 0, 0, 0])
    }

    @Test func integerIsInt4() {
        #expect(Self.field { $0.integer(1) } == [0, 1, 0, 0, 0, 4, 0, 0, 0, 1])
        #expect(Self.field { $0.integer(100) } == [0, 1, 0, 0, 0, 4, 0, 0, 0, 0x64])
        #expect(Self.field { $0.integer(-2) } == [0, 1, 0, 0, 0, 4, 0xFF, 0xFF, 0xFF, 0xFE])
        #expect(Self.field { $0.integer(Int(Int32.max)) } == [0, 1, 0, 0, 0, 4, 0x7F, 0xFF, 0xFF, 0xFF])
    }

    @Test func realIsFloat8() {
        // 1.5 = 0x3FF8000000000000; -0.1 = 0xBFB999999999999A.
        #expect(Self.field { $0.real(1.5) } == [0, 1, 0, 0, 0, 8, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0])
        #expect(
            Self.field { $0.real(-0.1) } == [
                0, 1, 0, 0, 0, 8, 0xBF, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A,
            ])
    }

    @Test func booleanIsOneByte() {
        #expect(Self.field { $0.boolean(true) } == [0, 1, 0, 0, 0, 1, 1])
        #expect(Self.field { $0.boolean(false) } == [0, 1, 0, 0, 0, 1, 0])
    }

    @Test func timestampIsMicrosecondsSince2000() throws {
        let epoch = try #require(Timestamp(parsing: "2000-01-01T00:00:00Z"))
        #expect(Self.field { $0.timestamp(epoch) } == [0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0])
        // 2026-01-01T00:00:00.000001Z: 820,540,800 s after 2000, plus 1 µs = 0x0002_EA47_0AE8_6001.
        let later = try #require(Timestamp(parsing: "2026-01-01T00:00:00.000001Z"))
        #expect(
            Self.field { $0.timestamp(later) } == [
                0, 1, 0, 0, 0, 8, 0x00, 0x02, 0xEA, 0x47, 0x0A, 0xE8, 0x60, 0x01,
            ])
        // Before 2000 the count is negative: one microsecond before is -1.
        let before = epoch.adding(-1)
        #expect(
            Self.field { $0.timestamp(before) } == [
                0, 1, 0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            ])
    }

    @Test func jsonbStartsWithVersionOne() {
        #expect(Self.field { $0.json("{}") } == [0, 1, 0, 0, 0, 3, 1, 0x7B, 0x7D])
    }

    @Test func nullIsLengthMinusOne() {
        #expect(Self.field { $0.null() } == [0, 1, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func rowsCountTheirFields() {
        var encoder = BinaryCopyEncoder(capacity: 0)
        encoder.integer(7)
        encoder.null()
        encoder.boolean(true)
        encoder.endRow()
        encoder.text("x")
        encoder.endRow()
        #expect(
            encoder.buffer == [0, 3, 0, 0, 0, 4, 0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 1]
                + [0, 1, 0, 0, 0, 1, 0x78])
    }

    @Test func rewritesToTheSameCopyTextAsTheTextEncoder() throws {
        let columns = [
            Column("id", .uuid), Column("name", .text), Column("n", .integer), Column("score", .real),
            Column("ok", .boolean), Column("at", .timestamp), Column("done", .timestamp, nullable: true),
            Column("doc", .json),
        ]
        func write<S: RowSink>(_ sink: inout S, _ row: Int) throws {
            sink.uuid(SeedUUID(high: UInt64(row) &* 0x9E37_79B9_7F4A_7C15, low: ~UInt64(row)))
            sink.text(row == 0 ? "tab\there \\ new\nline é" : "plain \(row)")
            sink.integer(row * 37 - 5)
            sink.real(Double(row) / 7 - 0.5)
            sink.boolean(row % 2 == 0)
            sink.timestamp(Timestamp.defaultAnchor.adding(Int64(row) * 1_234_567_891 - 999))
            sink.timestamp(orNull: row % 3 == 0 ? nil : Timestamp(microseconds: -Int64(row) * 3_000_001))
            sink.json(#"{"k": "v\t\(row)"}"#)
            try sink.endRow()
        }
        var binary = BinaryCopyEncoder(capacity: 0)
        var text = CopyTextEncoder(capacity: 0)
        for row in 0..<50 {
            try write(&binary, row)
            try write(&text, row)
        }
        #expect(try BinaryCopyTextRewriter(columns: columns).text(of: binary.buffer) == text.buffer)
        #expect(throws: BinaryCopyTextRewriter.MalformedRows.self) {
            try BinaryCopyTextRewriter(columns: Array(columns.dropLast())).text(of: binary.buffer)
        }
    }
}
