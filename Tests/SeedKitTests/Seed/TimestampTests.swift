import Testing

@testable import SeedKit

struct TimestampTests {
    /// Instants and their printed form, around the epoch, leap days and the ends of the range.
    @Test(
        arguments: [
            (0, "1970-01-01T00:00:00.000000Z"),
            (1, "1970-01-01T00:00:00.000001Z"),
            (-1, "1969-12-31T23:59:59.999999Z"),
            (-86_400_000_000, "1969-12-31T00:00:00.000000Z"),
            (1_767_225_600_000_000, "2026-01-01T00:00:00.000000Z"),
            (1_767_225_599_999_999, "2025-12-31T23:59:59.999999Z"),
            (1_709_210_096_789_012, "2024-02-29T12:34:56.789012Z"),
            (951_782_400_000_000, "2000-02-29T00:00:00.000000Z"),
            (-2_203_891_200_000_000, "1900-03-01T00:00:00.000000Z"),
            (-62_135_596_800_000_000, "0001-01-01T00:00:00.000000Z"),
            (253_402_300_799_000_000, "9999-12-31T23:59:59.000000Z"),
            (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        ] as [(Int64, String)])
    func formats(microseconds: Int64, expected: String) {
        let time = Timestamp(microseconds: microseconds)
        #expect(time.iso8601 == expected)
        var buffer: [UInt8] = Array("x".utf8)
        time.write(into: &buffer)
        #expect(buffer == Array(("x" + expected).utf8))
        #expect(Timestamp(parsing: expected) == time)
    }

    /// The forms PostgreSQL (`DateStyle = ISO`) and SQLite hand back, and `--as-of` accepts.
    @Test(
        arguments: [
            ("2026-01-01", "2026-01-01T00:00:00.000000Z"),
            ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000000Z"),
            ("2026-01-01 00:00:00+00", "2026-01-01T00:00:00.000000Z"),
            ("2026-01-01 00:00:00+00:00", "2026-01-01T00:00:00.000000Z"),
            ("2025-03-04 05:06:07.123456+00", "2025-03-04T05:06:07.123456Z"),
            ("2025-03-04 05:06:07.5+00", "2025-03-04T05:06:07.500000Z"),
            ("2025-03-04T05:06:07.1234569Z", "2025-03-04T05:06:07.123456Z"),
            ("2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00.000000Z"),
            ("2026-01-01T02:00:00+02", "2026-01-01T00:00:00.000000Z"),
            ("2025-12-31T18:30:00-05:30", "2026-01-01T00:00:00.000000Z"),
            ("2025-12-31 19:00:00-0500", "2026-01-01T00:00:00.000000Z"),
            ("2024-02-29T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z"),
        ])
    func parses(text: String, expected: String) throws {
        let time = try #require(Timestamp(parsing: text))
        #expect(time.iso8601 == expected)
    }

    @Test(
        arguments: [
            "", "2026", "2026-01", "26-01-01", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
            "abcd-01-01", "2026-1-01", "2026-01-01T", "2026-01-01T0:00:00", "2026-01-01T00:00",
            "2026-01-01Tab:00:00",
        ])
    func refuses(text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }

    /// Printing then parsing gives the same instant, for instants spread over 1900-2100.
    @Test func roundTripsAnyMicrosecond() {
        let hash = CounterHash(seed: 42)
        let stream = CounterHash.stream("timestamps")
        let start = Timestamp(parsing: "1900-01-01")?.microseconds ?? 0
        let end = Timestamp(parsing: "2100-01-01")?.microseconds ?? 0
        for row in 0..<5_000 {
            let time = Timestamp(microseconds: start + Int64(hash.bits(stream, row, 1) % UInt64(end - start)))
            #expect(Timestamp(parsing: time.iso8601) == time, "\(time.microseconds)")
        }
    }

    @Test func unitsAndArithmetic() {
        #expect(Timestamp.day == 86_400_000_000)
        #expect(Timestamp.defaultAnchor.iso8601 == "2026-01-01T00:00:00.000000Z")
        let anchor = Timestamp.defaultAnchor
        #expect(anchor.adding(Timestamp.hour + 1).iso8601 == "2026-01-01T01:00:00.000001Z")
        #expect(anchor.adding(-Timestamp.second).iso8601 == "2025-12-31T23:59:59.000000Z")
        #expect(anchor.adding(-1) < anchor)
        #expect(!(anchor < anchor))
    }
}
