import Testing

@testable import SeedKit

/// Golden values of the counter-based random source.
///
/// Every generated value of every dataset is derived from these functions, so changing any
/// number pinned here changes every dataset and every recorded digest. Update them only as part
/// of a deliberate, announced change of the generator.
struct CounterHashTests {
    static let sessions = CounterHash.stream("tech_spec_sessions")

    /// The published FNV-1a 64 test vectors, then the streams of seeded names.
    @Test(
        arguments: [
            ("", 0xCBF2_9CE4_8422_2325),
            ("a", 0xAF63_DC4C_8601_EC8C),
            ("foobar", 0x8594_4171_F739_67E8),
            ("tech_spec_sessions", 0x5D6C_D743_D29E_F4DB),
            ("patterns", 0xE9E1_74FF_510E_15CE),
            ("fanout:tech_conversations", 0xEB58_80BB_FF01_77CB),
        ] as [(String, UInt64)])
    func streamIsFNV1a(name: String, expected: UInt64) {
        #expect(CounterHash.stream(name) == expected)
    }

    /// SplitMix64's published first outputs for seed 0 (its state advances by the golden gamma).
    @Test func mixIsSplitMix64() {
        #expect(CounterHash.mix(0) == 0xE220_A839_7B1D_CDAF)
        #expect(CounterHash.mix(0x9E37_79B9_7F4A_7C15) == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test(
        arguments: [
            (0, 0, 0, 0, 0x2382_75BC_38FC_BE91),
            (42, sessions, 0, 1, 0xD447_39B5_2D92_BDFE),
            (42, sessions, 9_999, 0xA1, 0xDA3A_FCBB_BE0F_3D5A),
            (42, CounterHash.stream("patterns"), 123_456_789, 30, 0xF5FD_EA55_B044_4140),
            (.max, CounterHash.stream("fanout:tech_conversations"), 1, 1, 0x2467_9368_E64F_A267),
            (42, CounterHash.stream("shared.design_jobs"), 1_999_999_999, 10, 0xD892_203E_2F81_A205),
        ] as [(UInt64, UInt64, Int, UInt64, UInt64)])
    func bitsArePinned(seed: UInt64, stream: UInt64, row: Int, field: UInt64, expected: UInt64) {
        #expect(CounterHash(seed: seed).bits(stream, row, field) == expected)
    }

    @Test func unitIsTheTop53BitsScaled() {
        let hash = CounterHash(seed: 42)
        #expect(hash.unit(Self.sessions, 0, 1) == 0.8292118136719847)
        #expect(
            (0..<3).map { hash.unit(Self.sessions, $0, 10) } == [
                0.7580398711571859, 0.8287438121614304, 0.7363103226215856,
            ])
        let units = (0..<10_000).map { hash.unit(Self.sessions, $0, 4) }
        #expect(units.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(units.contains { $0 < 0.01 } && units.contains { $0 > 0.99 })
    }

    @Test func intAndPickArePinned() {
        let hash = CounterHash(seed: 42)
        #expect((0..<6).map { hash.int(Self.sessions, $0, 5, in: 2...6) } == [3, 4, 6, 5, 3, 4])
        let statuses = ["pending", "in_progress", "completed", "failed", "paused"]
        #expect(
            (0..<6).map { hash.pick(Self.sessions, $0, 3, from: statuses) } == [
                "paused", "completed", "completed", "failed", "failed", "failed",
            ])
    }

    @Test func intStaysInItsRangeAndReachesBothEnds() {
        let hash = CounterHash(seed: 7)
        let values = (0..<2_000).map { hash.int(Self.sessions, $0, 1, in: -3...3) }
        #expect(values.allSatisfy { (-3...3).contains($0) })
        #expect(Set(values) == Set(-3...3))
        #expect((0..<100).allSatisfy { hash.int(Self.sessions, $0, 1, in: 9...9) == 9 })
    }

    @Test func valuesDependOnEveryInput() {
        let base = CounterHash(seed: 42).bits(Self.sessions, 5, 1)
        #expect(CounterHash(seed: 43).bits(Self.sessions, 5, 1) != base)
        #expect(CounterHash(seed: 42).bits(CounterHash.stream("patterns"), 5, 1) != base)
        #expect(CounterHash(seed: 42).bits(Self.sessions, 6, 1) != base)
        #expect(CounterHash(seed: 42).bits(Self.sessions, 5, 2) != base)
    }

    @Test(
        arguments: [
            (42, "tech_spec_sessions", 0, "a0d29bd9-e6fe-4792-8b94-0f379641b05d"),
            (42, "shared.design_jobs", 1, "32dfdc6d-5f20-422d-8b73-f25070825621"),
            (1, "tech_spec_sessions", 0, "4a3e1425-34ac-4a83-8b1f-8816b6e89e98"),
        ] as [(UInt64, String, Int, String)])
    func rowUUIDIsPinned(seed: UInt64, table: String, row: Int, expected: String) {
        let random = RowRandom(hash: CounterHash(seed: seed), stream: CounterHash.stream(table), row: row)
        #expect(random.uuid.description == expected)
        #expect(random.bits(0xA1) == CounterHash(seed: seed).bits(CounterHash.stream(table), row, 0xA1))
    }

    /// Version 4 and the RFC 4122 variant are forced whatever the random bits are.
    @Test(
        arguments: [
            (0, 0, "00000000-0000-4000-8000-000000000000"),
            (.max, .max, "ffffffff-ffff-4fff-bfff-ffffffffffff"),
            (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, "01234567-89ab-4def-bedc-ba9876543210"),
        ] as [(UInt64, UInt64, String)])
    func uuidIsCanonicalVersion4(high: UInt64, low: UInt64, expected: String) {
        let uuid = SeedUUID(high: high, low: low)
        #expect(uuid.description == expected)
        var buffer: [UInt8] = Array("x".utf8)
        uuid.write(into: &buffer)
        #expect(buffer == Array(("x" + expected).utf8))
    }

    /// `RowRandom` mixes the stream and row once per row; every field must still give exactly
    /// `CounterHash`'s values (seeds, streams, negative and large rows, fields, ranges, picks).
    @Test func rowRandomMatchesCounterHash() {
        let items = ["a", "b", "c", "d", "e", "f", "g"]
        for seed: UInt64 in [0, 1, 42, .max] {
            let hash = CounterHash(seed: seed)
            for stream in [Self.sessions, CounterHash.stream("patterns"), 0] {
                for row in [0, 1, 7, -3, 1 << 40, Int.max] {
                    let random = RowRandom(hash: hash, stream: stream, row: row)
                    for field: UInt64 in [0, 1, 2, 25, 0xA1, 0xA2, .max] {
                        #expect(random.bits(field) == hash.bits(stream, row, field))
                        #expect(random.unit(field) == hash.unit(stream, row, field))
                        #expect(random.int(field, in: -5...17) == hash.int(stream, row, field, in: -5...17))
                        #expect(random.pick(field, from: items) == hash.pick(stream, row, field, from: items))
                    }
                }
            }
        }
    }
}
