/// `--part K/N`: the K-th of N disjoint slices of a dataset.
public struct SeedPart: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    /// The whole dataset.
    public static let whole = SeedPart(index: 1, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
            return nil
        }
        self.init(index: k, count: n)
    }

    /// Whether this is the whole dataset.
    public var isWhole: Bool { count == 1 }

    /// This part's slice of `0..<total`.
    public func slice(of total: Int) -> Range<Int> {
        let lower = Int(Int64(total) * Int64(index - 1) / Int64(count))
        let upper = Int(Int64(total) * Int64(index) / Int64(count))
        return lower..<upper
    }

    public var description: String { "\(index)/\(count)" }
}
