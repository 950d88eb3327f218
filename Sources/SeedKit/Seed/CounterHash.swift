/// A counter-based random source: every value is a pure function of
/// (seed, stream, row, field), as in TPC-H's dbgen. No state, so any row of any table can be
/// generated alone, on any thread, in any order.
struct CounterHash: Sendable {
    /// The user's seed.
    let seed: UInt64

    /// SplitMix64's finalizer: a bijective 64-bit mix.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The stream id of a name (FNV-1a), so tables and purposes get independent values.
    static func stream(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return hash
    }

    /// 64 random bits for (stream, row, field).
    @inline(__always)
    func bits(_ stream: UInt64, _ row: Int, _ field: UInt64) -> UInt64 {
        Self.mix(Self.mix(Self.mix(seed ^ stream) ^ UInt64(bitPattern: Int64(row))) ^ field)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    func unit(_ stream: UInt64, _ row: Int, _ field: UInt64) -> Double {
        Double(bits(stream, row, field) >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `range`.
    @inline(__always)
    func int(_ stream: UInt64, _ row: Int, _ field: UInt64, in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(bits(stream, row, field) % span)
    }

    /// A uniform element of a non-empty array.
    @inline(__always)
    func pick<T>(_ stream: UInt64, _ row: Int, _ field: UInt64, from items: [T]) -> T {
        items[Int(bits(stream, row, field) % UInt64(items.count))]
    }
}

/// The values of one row of one table: `CounterHash` with the stream and row fixed.
///
/// The first two rounds of `CounterHash.bits` depend only on the stream and the row, so they are
/// mixed once here (`key`) and each field costs one round: the same bits, a third of the work.
struct RowRandom {
    let hash: CounterHash
    let stream: UInt64
    /// The row's index in its table.
    let row: Int
    /// `mix(mix(seed ^ stream) ^ row)`: what every field of the row starts from.
    private let key: UInt64

    init(hash: CounterHash, stream: UInt64, row: Int) {
        self.hash = hash
        self.stream = stream
        self.row = row
        key = CounterHash.mix(CounterHash.mix(hash.seed ^ stream) ^ UInt64(bitPattern: Int64(row)))
    }

    /// `hash.bits(stream, row, field)`.
    @inline(__always) func bits(_ field: UInt64) -> UInt64 { CounterHash.mix(key ^ field) }
    /// `hash.unit(stream, row, field)`.
    @inline(__always) func unit(_ field: UInt64) -> Double { Double(bits(field) >> 11) * 0x1.0p-53 }
    /// `hash.int(stream, row, field, in: range)`.
    @inline(__always) func int(_ field: UInt64, in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(bits(field) % span)
    }
    /// `hash.pick(stream, row, field, from: items)`.
    @inline(__always) func pick<T>(_ field: UInt64, from items: [T]) -> T {
        items[Int(bits(field) % UInt64(items.count))]
    }
    /// The row's UUID: a version-4-shaped id derived from (seed, table, row).
    var uuid: SeedUUID { SeedUUID(high: bits(0xA1), low: bits(0xA2)) }
}
