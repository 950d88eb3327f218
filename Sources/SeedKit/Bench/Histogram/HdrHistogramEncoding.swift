import Foundation
import Histogram

/// HdrHistogram's standard compressed encoding (V2), as base64 text: what `--json` carries for
/// each histogram, so any HdrHistogram implementation (Java, C, Go, Rust, Python's `hdrh`) can
/// read a run's latencies, and what `bench merge` and `--history` read back.
///
/// The compressed form is a big-endian cookie `0x1c849314`, the length of what follows, then
/// zlib's deflate of the uncompressed form: cookie `0x1c849313`, payload length, normalizing
/// index offset (0), significant digits, lowest discernible value, highest trackable value,
/// integer-to-double ratio (1.0), then the counts up to the largest value recorded, each a
/// ZigZag LEB128 number, with a run of k > 1 empty counts written as -k.
public enum HdrHistogramEncoding {
    static let uncompressedCookie: UInt32 = 0x1c84_9303 | 0x10
    static let compressedCookie: UInt32 = 0x1c84_9304 | 0x10
    static let headerSize = 40

    /// `histogram` in the compressed encoding, base64.
    public static func encode(_ histogram: Histogram<UInt64>) -> String {
        let layout = HdrLayout(
            lowestDiscernibleValue: histogram.lowestDiscernibleValue,
            significantDigits: Int(histogram.numberOfSignificantValueDigits.rawValue))
        var counts: [Int: UInt64] = [:]
        for step in histogram.recordedValues() {
            counts[layout.index(of: step.value), default: 0] += step.count
        }
        var payload: [UInt8] = []
        var index = 0
        let end = (counts.keys.max() ?? -1) + 1
        while index < end {
            let count = counts[index] ?? 0
            index += 1
            guard count == 0 else {
                ZigZag.append(Int64(clamping: count), to: &payload)
                continue
            }
            var zeros: Int64 = 1
            while index < end, counts[index] == nil {
                zeros += 1
                index += 1
            }
            ZigZag.append(zeros > 1 ? -zeros : 0, to: &payload)
        }
        var plain: [UInt8] = []
        plain.appendBigEndian(uncompressedCookie)
        plain.appendBigEndian(UInt32(payload.count))
        plain.appendBigEndian(UInt32(0))
        plain.appendBigEndian(UInt32(histogram.numberOfSignificantValueDigits.rawValue))
        plain.appendBigEndian(histogram.lowestDiscernibleValue)
        plain.appendBigEndian(histogram.highestTrackableValue)
        plain.appendBigEndian((1.0 as Double).bitPattern)
        plain += payload
        let deflated = Deflate.compress(plain)
        var encoded: [UInt8] = []
        encoded.appendBigEndian(compressedCookie)
        encoded.appendBigEndian(UInt32(deflated.count))
        encoded += deflated
        return Data(encoded).base64EncodedString()
    }

    /// The histogram `text` encodes (compressed, as `encode` writes; or uncompressed V2).
    public static func decode(_ text: String) throws -> Histogram<UInt64> {
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw HdrEncodingError("is not base64")
        }
        var reader = ByteReader(Array(data))
        let cookie = try reader.uint32()
        if cookie == uncompressedCookie { return try decodeUncompressed(Array(data)) }
        guard cookie == compressedCookie else {
            throw HdrEncodingError(
                String(format: "has cookie 0x%08x, not HdrHistogram's V2 compressed encoding", cookie))
        }
        let length = Int(try reader.uint32())
        guard let plain = Deflate.decompress(try reader.bytes(length)) else {
            throw HdrEncodingError("does not inflate (zlib)")
        }
        return try decodeUncompressed(plain)
    }

    private static func decodeUncompressed(_ bytes: [UInt8]) throws -> Histogram<UInt64> {
        var reader = ByteReader(bytes)
        guard try reader.uint32() == uncompressedCookie else {
            throw HdrEncodingError("inflates to something other than a V2 histogram")
        }
        let payloadLength = Int(try reader.uint32())
        guard try reader.uint32() == 0 else { throw HdrEncodingError("has a normalizing index offset") }
        let digits = try reader.uint32()
        let lowest = try reader.uint64()
        let highest = try reader.uint64()
        _ = try reader.uint64()
        guard (1...5).contains(digits), let significant = SignificantDigits(rawValue: Int8(digits)),
            lowest >= 1,
            lowest <= UInt64.max / 2, highest >= 2 * lowest
        else {
            throw HdrEncodingError(
                "has an impossible header (digits \(digits), range \(lowest)...\(highest))")
        }
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: lowest, highestTrackableValue: highest,
            numberOfSignificantValueDigits: significant)
        let layout = HdrLayout(lowestDiscernibleValue: lowest, significantDigits: Int(digits))
        var payload = ByteReader(try reader.bytes(payloadLength))
        var index = 0
        while !payload.isAtEnd {
            let count = try ZigZag.next(from: &payload)
            if count < 0 {
                index += Int(-count)
                continue
            }
            if count > 0, !histogram.record(layout.value(at: index), count: UInt64(count)) {
                throw HdrEncodingError("holds a count beyond its highest trackable value \(highest)")
            }
            index += 1
        }
        return histogram
    }
}

/// An encoded histogram that cannot be read, and why.
public struct HdrEncodingError: Error, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "the encoded histogram \(reason)" }
}
