import Testing

@testable import SeedKit

struct SeedPartTests {
    @Test(arguments: [("1/1", 1, 1), ("1/4", 1, 4), ("4/4", 4, 4), ("17/100", 17, 100)])
    func parses(text: String, index: Int, count: Int) throws {
        let part = try #require(SeedPart(text))
        #expect(part == SeedPart(index: index, count: count))
        #expect(part.description == text)
        #expect(part.isWhole == (count == 1))
    }

    @Test(arguments: [
        "", "1", "1/", "/4", "0/4", "5/4", "1/0", "-1/4", "1/-4", "a/4", "1/4/2", "1.5/4", " 1/4",
    ])
    func refuses(text: String) {
        #expect(SeedPart(text) == nil)
    }

    /// For several N, the N parts' slices are disjoint, in order, and cover 0..<total exactly,
    /// and no part is more than one row larger than another.
    @Test(arguments: [1, 2, 3, 4, 7, 16, 64])
    func slicesAreDisjointAndCovering(parts: Int) {
        for total in [0, 1, 2, 5, 63, 64, 65, 1_000, 1_999_999_999] {
            let slices = (1...parts).map { SeedPart(index: $0, count: parts).slice(of: total) }
            #expect(slices.first?.lowerBound == 0)
            #expect(slices.last?.upperBound == total)
            for (previous, next) in zip(slices, slices.dropFirst()) {
                #expect(previous.upperBound == next.lowerBound)
            }
            let sizes = slices.map(\.count)
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        }
    }

    @Test func wholeIsEverything() {
        #expect(SeedPart.whole.isWhole)
        #expect(SeedPart.whole.slice(of: 12_345) == 0..<12_345)
        #expect(SeedPart.whole.description == "1/1")
    }
}
