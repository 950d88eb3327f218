/// Assigns children to parents as contiguous index ranges with a skewed (heavy-tailed) count
/// per parent, computable for any parent without generating the others.
///
/// Parents are grouped in blocks of 256. Each block owns a share of the children proportional
/// to its parent count (exact, by integer arithmetic); within a block the share is split by
/// Pareto-distributed weights drawn from the counter hash. So a parent's child range costs
/// O(block), every row range can be produced independently, and some parents get many children.
struct FanOut: Sendable {
    let parents: Int
    let children: Int
    let hash: CounterHash
    let stream: UInt64
    static let blockSize = 256

    init(parents: Int, children: Int, hash: CounterHash, name: String) {
        self.parents = parents
        self.children = children
        self.hash = hash
        self.stream = CounterHash.stream("fanout:" + name)
    }

    /// The children of parent `p`.
    func children(of parent: Int) -> Range<Int> {
        let block = parent / Self.blockSize
        let counts = allocation(block)
        var start = blockStart(block)
        for offset in 0..<(parent - block * Self.blockSize) { start += counts[offset] }
        return start..<(start + counts[parent - block * Self.blockSize])
    }

    /// The first child of parent `p` (`children` when `p == parents`).
    func firstChild(of parent: Int) -> Int {
        parent >= parents ? children : children(of: parent).lowerBound
    }

    /// Calls `body` for every parent in `range` with its child range, in order.
    func forEach(parentsIn range: Range<Int>, _ body: (Int, Range<Int>) throws -> Void) rethrows {
        var parent = range.lowerBound
        while parent < range.upperBound {
            let block = parent / Self.blockSize
            let counts = allocation(block)
            let first = block * Self.blockSize
            var start = blockStart(block)
            for offset in 0..<(parent - first) { start += counts[offset] }
            let end = min(range.upperBound, min(parents, first + Self.blockSize))
            while parent < end {
                let count = counts[parent - first]
                try body(parent, start..<(start + count))
                start += count
                parent += 1
            }
        }
    }

    private func blockStart(_ block: Int) -> Int {
        guard parents > 0 else { return 0 }
        let firstParent = min(block * Self.blockSize, parents)
        return Int((Int64(children) * Int64(firstParent)) / Int64(parents))
    }

    /// Children per parent in a block, by largest remainder over Pareto weights.
    private func allocation(_ block: Int) -> [Int] {
        let first = block * Self.blockSize
        let count = min(Self.blockSize, parents - first)
        guard count > 0 else { return [] }
        let total = blockStart(block + 1) - blockStart(block)
        let weights = (0..<count).map { offset -> Double in
            let u = 1 - hash.unit(stream, first + offset, 1)  // (0, 1]
            return 1 / u.squareRoot()  // Pareto, alpha = 2: mean 2, long tail
        }
        let sum = weights.reduce(0, +)
        var counts = weights.map { Int(Double(total) * $0 / sum) }
        var remaining = total - counts.reduce(0, +)
        while remaining < 0, let largest = counts.indices.max(by: { counts[$0] < counts[$1] }) {
            counts[largest] -= 1  // float rounding overshot; never in practice
            remaining += 1
        }
        if remaining > 0 {
            let order = (0..<count).sorted {
                let a = Double(total) * weights[$0] / sum - Double(counts[$0])
                let b = Double(total) * weights[$1] / sum - Double(counts[$1])
                return a != b ? a > b : $0 < $1
            }
            for index in order where remaining > 0 {
                counts[index] += 1
                remaining -= 1
            }
        }
        return counts
    }
}
