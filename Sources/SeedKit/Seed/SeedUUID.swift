/// A generated UUID, printed in canonical lowercase form.
struct SeedUUID: Sendable, Hashable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        self.low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    }

    /// Appends the 36-character form to `buffer`.
    @inline(__always)
    func write(into buffer: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { hex in
            for position in 0..<32 {
                let value = position < 16 ? high : low
                let shift = UInt64((15 - position % 16) * 4)
                buffer.append(hex[Int((value >> shift) & 0xF)])
                if position == 7 || position == 11 || position == 15 || position == 19 { buffer.append(0x2D) }
            }
        }
    }

    var description: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(36)
        write(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The same text as `description`, built in place: one allocation, for bench's hot path.
    var text: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var written = 0
            digits.withUTF8Buffer { hex in
                for position in 0..<32 {
                    if position == 8 || position == 12 || position == 16 || position == 20 {
                        buffer[written] = 0x2D
                        written += 1
                    }
                    let value = position < 16 ? high : low
                    buffer[written] = hex[Int((value >> UInt64((15 - position % 16) * 4)) & 0xF)]
                    written += 1
                }
            }
            return written
        }
    }
}
