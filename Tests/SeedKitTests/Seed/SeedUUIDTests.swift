import Testing

@testable import SeedKit

struct SeedUUIDTests {
    @Test func theInPlaceTextMatchesTheSeederForm() {
        for bits: UInt64 in [0, 1, 0xFFFF_FFFF_FFFF_FFFF, 0x0123_4567_89AB_CDEF] {
            let uuid = SeedUUID(high: bits, low: ~bits)
            #expect(uuid.text == uuid.description)
        }
    }
}
