import CZlib

/// zlib's deflate and inflate of whole buffers (the zlib format of RFC 1950, which
/// HdrHistogram's compressed encoding wraps, as Java's `Deflater` writes it).
enum Deflate {
    /// `bytes` compressed at zlib's default level.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(
                    out.baseAddress, &size, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound is the documented worst case, so compress2 cannot run out of room.
        precondition(status == Z_OK, "compress2 failed with \(status) within compressBound")
        return Array(output.prefix(Int(size)))
    }

    /// `bytes` inflated; nil when they are not a whole zlib stream or would inflate past `limit`.
    static func decompress(_ bytes: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        var capacity = max(4096, bytes.count * 8)
        while capacity <= limit {
            var size = uLong(capacity)
            var output = [UInt8](repeating: 0, count: capacity)
            let status = output.withUnsafeMutableBufferPointer { out in
                bytes.withUnsafeBufferPointer { input in
                    uncompress(out.baseAddress, &size, input.baseAddress, uLong(input.count))
                }
            }
            switch status {
            case Z_OK: return Array(output.prefix(Int(size)))
            case Z_BUF_ERROR where Int(size) == capacity: capacity *= 4
            default: return nil
            }
        }
        return nil
    }
}
