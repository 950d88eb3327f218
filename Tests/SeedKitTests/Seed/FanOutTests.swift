import Testing

@testable import SeedKit

struct FanOutTests {
    static let hash = CounterHash(seed: 42)

    /// Parent and child counts around the 256-parent block size, empty and lopsided cases.
    static let shapes: [(parents: Int, children: Int)] = [
        (0, 0), (1, 0), (1, 7), (3, 1_000), (7, 3), (255, 1_000), (256, 256), (257, 10),
        (1_000, 3), (2_000, 100_000), (10_000, 30_000), (5, 80),
    ]

    /// Child ranges, parent by parent, from one `forEach` over every parent.
    static func ranges(_ fan: FanOut) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        fan.forEach(parentsIn: 0..<fan.parents) { _, children in ranges.append(children) }
        return ranges
    }

    @Test(arguments: shapes)
    func rangesAreContiguousAndSumToTheChildCount(parents: Int, children: Int) {
        let fan = FanOut(parents: parents, children: children, hash: Self.hash, name: "tech_research")
        let ranges = Self.ranges(fan)
        #expect(ranges.count == parents)
        var next = 0
        for range in ranges {
            #expect(range.lowerBound == next)
            next = range.upperBound
        }
        #expect(next == (parents == 0 ? 0 : children))
        #expect(ranges.map(\.count).reduce(0, +) == (parents == 0 ? 0 : children))
        #expect(fan.firstChild(of: parents) == children)
    }

    @Test(arguments: shapes)
    func everyChildHasExactlyOneValidParent(parents: Int, children: Int) {
        guard parents > 0 else { return }
        let fan = FanOut(parents: parents, children: children, hash: Self.hash, name: "tech_conversations")
        var parentOf = [Int?](repeating: nil, count: children)
        for (parent, range) in Self.ranges(fan).enumerated() {
            for child in range {
                #expect(parentOf[child] == nil, "child \(child) assigned twice")
                parentOf[child] = parent
            }
        }
        #expect(parentOf.allSatisfy { $0.map { (0..<parents).contains($0) } ?? false })
    }

    /// Each block of 256 parents owns exactly its proportional share of the children.
    @Test(arguments: shapes)
    func blocksOwnTheirExactShare(parents: Int, children: Int) {
        let fan = FanOut(parents: parents, children: children, hash: Self.hash, name: "tech_error_logs")
        for blockStart in stride(from: 0, to: parents, by: FanOut.blockSize) {
            #expect(fan.firstChild(of: blockStart) == children * blockStart / parents)
        }
    }

    /// `children(of:)` (one parent) and `forEach` (a range of parents, starting anywhere) agree.
    @Test(arguments: shapes)
    func childrenOfAndForEachAgree(parents: Int, children: Int) {
        let fan = FanOut(parents: parents, children: children, hash: Self.hash, name: "tech_trd_documents")
        let expected = Self.ranges(fan)
        for parent in Set(stride(from: 0, to: parents, by: max(1, parents / 200))).union([parents - 1])
        where parent >= 0 {
            #expect(fan.children(of: parent) == expected[parent])
            #expect(fan.firstChild(of: parent) == expected[parent].lowerBound)
        }
        let cuts = [0, parents / 3, parents / 2, max(0, parents - 1), parents]
        for lower in cuts {
            for upper in cuts where upper >= lower {
                var seen: [Int] = []
                fan.forEach(parentsIn: lower..<upper) { parent, range in
                    seen.append(parent)
                    #expect(range == expected[parent])
                }
                #expect(seen == Array(lower..<upper))
            }
        }
    }

    /// A pinned allocation: changing it changes every dataset.
    @Test func allocationIsPinned() {
        let fan = FanOut(parents: 8, children: 40, hash: Self.hash, name: "tech_conversations")
        #expect(Self.ranges(fan).map(\.count) == [4, 3, 7, 5, 8, 4, 5, 4])
    }

    @Test func allocationIsSkewedAndDependsOnTheName() {
        let conversations = FanOut(
            parents: 1_000, children: 10_000, hash: Self.hash, name: "tech_conversations")
        let research = FanOut(parents: 1_000, children: 10_000, hash: Self.hash, name: "tech_research")
        let counts = Self.ranges(conversations).map(\.count)
        #expect((counts.max() ?? 0) >= 3 * 10, "a heavy tail: some parent gets at least three times the mean")
        #expect(counts.contains { $0 < 10 })
        #expect(counts != Self.ranges(research).map(\.count))
    }
}
