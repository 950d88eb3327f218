import Foundation
import Histogram
import Testing

@testable import SeedKit

struct HdrHistogramEncodingTests {
    /// Latency-shaped samples in microseconds: mostly fast, a long tail, a few huge outliers.
    static func samples(count: Int, seed: UInt64) -> [UInt64] {
        let hash = CounterHash(seed: seed)
        return (0..<count).map { index in
            let bits = hash.bits(7, index, 1)
            switch bits % 100 {
            case 0: return 100_000 + bits % 3_000_000_000
            case 1..<10: return 2_000 + bits % 200_000
            default: return 1 + bits % 2_000
            }
        }
    }

    static func histogram(_ values: [UInt64]) -> Histogram<UInt64> {
        var histogram = BenchTotals.histogram()
        for value in values { _ = histogram.record(value) }
        return histogram
    }

    static func buckets(_ histogram: Histogram<UInt64>) -> [[UInt64]] {
        histogram.recordedValues().map { [$0.value, $0.count] }
    }

    @Test func decodesWhatItEncodes() throws {
        let original = Self.histogram(Self.samples(count: 50_000, seed: 1))
        let decoded = try HdrHistogramEncoding.decode(HdrHistogramEncoding.encode(original))
        #expect(decoded.totalCount == 50_000)
        #expect(Self.buckets(decoded) == Self.buckets(original))
        for percentile in [0.0, 50, 90, 95, 99, 99.9, 99.99, 100] {
            #expect(decoded.milliseconds(at: percentile) == original.milliseconds(at: percentile))
        }
        #expect(decoded.max == original.max && decoded.mean == original.mean)
        #expect(decoded.highestTrackableValue == 3_600_000_000 && decoded.lowestDiscernibleValue == 1)
    }

    @Test func startsWithTheV2CompressedCookieAndTheDeflatedLength() throws {
        let data = try #require(Data(base64Encoded: HdrHistogramEncoding.encode(Self.histogram([1, 2, 3]))))
        #expect(Array(data.prefix(4)) == [0x1C, 0x84, 0x93, 0x14])
        let length = data.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(length == data.count - 8)
        // zlib's header: deflate with a 32 KiB window, a check that makes it divisible by 31.
        #expect(data[8] == 0x78 && (Int(data[8]) << 8 | Int(data[9])) % 31 == 0)
    }

    @Test func encodesAnEmptyHistogram() throws {
        let decoded = try HdrHistogramEncoding.decode(HdrHistogramEncoding.encode(BenchTotals.histogram()))
        #expect(decoded.totalCount == 0)
    }

    @Test(
        arguments: [
            (0, [0]), (-1, [1]), (1, [2]), (-2, [3]), (63, [126]), (64, [0x80, 0x01]), (-300, [0xD7, 0x04]),
        ] as [(Int64, [UInt8])])
    func writesZigZagLEB128(value: Int64, bytes: [UInt8]) throws {
        var written: [UInt8] = []
        ZigZag.append(value, to: &written)
        #expect(written == bytes)
        var reader = ByteReader(written)
        #expect(try ZigZag.next(from: &reader) == value)
    }

    @Test(arguments: [Int64.max, Int64.min, 1 << 56, -(1 << 56), 1 << 62])
    func takesNineBytesAtMostForAnyNumber(value: Int64) throws {
        var written: [UInt8] = []
        ZigZag.append(value, to: &written)
        #expect(written.count <= 9)
        var reader = ByteReader(written)
        #expect(try ZigZag.next(from: &reader) == value)
    }

    @Test func mapsValuesToIndexesAsTheHistogramDoes() {
        let layout = HdrLayout(lowestDiscernibleValue: 1, significantDigits: 3)
        #expect(layout.subBucketCount == 2048)
        for value: UInt64 in [0, 1, 2047, 2048, 2049, 4095, 4096, 1_000_000, 3_600_000_000] {
            let index = layout.index(of: value)
            #expect(layout.value(at: index) <= value)
            #expect(layout.index(of: layout.value(at: index)) == index)
        }
        #expect(layout.index(of: 2048) == 2048 && layout.index(of: 2050) == 2049)
    }

    @Test(arguments: ["not base64!", "AAAA", "HIST"])
    func refusesWhatIsNotAnEncodedHistogram(text: String) {
        #expect(throws: HdrEncodingError.self) { try HdrHistogramEncoding.decode(text) }
    }

    @Test func refusesATruncatedEncoding() throws {
        let data = try #require(
            Data(base64Encoded: HdrHistogramEncoding.encode(Self.histogram([5, 500, 50_000]))))
        let truncated = data.prefix(data.count - 3).base64EncodedString()
        #expect(throws: HdrEncodingError.self) { try HdrHistogramEncoding.decode(truncated) }
    }
}
