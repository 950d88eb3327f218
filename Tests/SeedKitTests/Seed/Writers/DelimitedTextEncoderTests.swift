import Testing

@testable import SeedKit

/// The non-text fields COPY text and CSV write alike.
struct DelimitedTextEncoderTests {
    /// A row of the non-text fields every test here writes: a UUID, two integers and a time.
    static func fields<E: ChunkEncoder>(_ type: E.Type) throws -> String {
        try encodedRow(type) { encoder in
            encoder.uuid(Self.uuid)
            encoder.integer(-42)
            encoder.integer(Int.max)
            encoder.timestamp(Self.time)
        }
    }

    static let uuid = SeedUUID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
    static let time = Timestamp(microseconds: 1_709_210_096_789_012)

    @Test func copyText() throws {
        let line = try Self.fields(CopyTextEncoder.self)
        #expect(
            line
                == "01234567-89ab-4def-bedc-ba9876543210\t-42\t9223372036854775807\t"
                + "2024-02-29T12:34:56.789012Z\n"
        )
    }

    @Test func csv() throws {
        let line = try Self.fields(CSVEncoder.self)
        #expect(
            line
                == "01234567-89ab-4def-bedc-ba9876543210,-42,9223372036854775807,"
                + "2024-02-29T12:34:56.789012Z\n"
        )
    }

    /// Reals print as Swift's shortest round-trip form, which both servers parse back exactly.
    @Test(
        arguments: [
            (0.1, "0.1"), (100, "100.0"), (-0.0, "-0.0"), (1e21, "1e+21"), (1.5e-7, "1.5e-07"),
            (0.1 + 0.2, "0.30000000000000004"), (87.25, "87.25"),
        ] as [(Double, String)])
    func reals(value: Double, expected: String) throws {
        #expect(try encodedRow(CopyTextEncoder.self) { $0.real(value) } == expected + "\n")
        #expect(try encodedRow(CSVEncoder.self) { $0.real(value) } == expected + "\n")
        #expect(Double(expected) == value)
    }
}
