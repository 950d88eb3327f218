import Testing

@testable import SeedKit

/// The tagged values handed to SQLite's binder: 0 NULL, 1 int64, 2 double, 3 text (32-bit
/// length, bytes), 0xFF end of row, little-endian. Bound values need no escaping, so every byte
/// of a text — NUL, tab, newline, quote, backslash, UTF-8 — is carried unchanged.
struct BoundRowEncoderTests {
    static func text(_ bytes: [UInt8]) -> [UInt8] {
        let count = UInt32(bytes.count)
        return [
            3, UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24),
        ]
            + bytes
    }

    @Test func tagsEveryKindOfValue() {
        var encoder = BoundRowEncoder(capacity: 0)
        encoder.null()
        encoder.integer(-2)
        encoder.boolean(true)
        encoder.boolean(false)
        encoder.real(1.5)
        encoder.text("é")
        encoder.json("[]")
        encoder.endRow()
        let expected: [[UInt8]] = [
            [0],
            [1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [1, 1, 0, 0, 0, 0, 0, 0, 0],
            [1, 0, 0, 0, 0, 0, 0, 0, 0],
            [2, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F],  // 1.5 = 0x3FF8000000000000
            Self.text([0xC3, 0xA9]),
            Self.text(Array("[]".utf8)),
            [0xFF],
        ]
        #expect(encoder.buffer == expected.flatMap { $0 })
    }

    @Test(arguments: [
        "", "\0", "a\0b", "tab\t newline\n cr\r", #"quote " comma , backslash \ \N"#, "日本 🙂",
    ])
    func carriesTextUnchanged(value: String) {
        var encoder = BoundRowEncoder(capacity: 0)
        encoder.text(value)
        #expect(encoder.buffer == Self.text(Array(value.utf8)))
    }

    @Test func writesUUIDsAndTimestampsAsText() {
        var encoder = BoundRowEncoder(capacity: 0)
        encoder.uuid(SeedUUID(high: 0, low: 0))
        encoder.timestamp(Timestamp(microseconds: 0))
        #expect(
            encoder.buffer == Self.text(Array("00000000-0000-4000-8000-000000000000".utf8))
                + Self.text(Array("1970-01-01T00:00:00.000000Z".utf8)))
    }

    @Test func lengthsAboveOneByte() {
        var encoder = BoundRowEncoder(capacity: 0)
        let value = String(repeating: "x", count: 70_000)
        encoder.text(value)
        #expect(encoder.buffer.prefix(5) == [3, 0x70, 0x11, 0x01, 0x00])  // 70_000 = 0x011170
        #expect(encoder.buffer.count == 5 + 70_000)
    }
}
