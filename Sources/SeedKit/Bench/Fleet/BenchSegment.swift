/// `bench --segment K/N`: the K-th of N processes that together run one bench from several
/// machines. Each runs its share of the clients, connections, `--rate`, `--transactions` and
/// stage targets (the N shares add up to the whole), and its clients are numbered as the
/// whole run's would be, so its parameter draws are disjoint from every other segment's.
public struct BenchSegment: Sendable, Codable, Equatable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, n <= 1000, (1...n).contains(k)
        else { return nil }
        self.init(index: k, count: n)
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// This segment's slice of `0..<total`: the shares of the N segments are disjoint and
    /// cover it.
    public func slice(of total: Int) -> Range<Int> {
        let lower = Int(Int64(total) * Int64(index - 1) / Int64(count))
        let upper = Int(Int64(total) * Int64(index) / Int64(count))
        return lower..<upper
    }

    /// The settings this segment runs: its share of the whole run's `settings` (whose
    /// `clients` is already the stages' peak when there are stages).
    ///
    /// - Throws: `ConfigurationError` when the share has no client (fewer clients than segments).
    public func share(of settings: BenchSettings) throws -> BenchSettings {
        var local = settings
        local.clients = slice(of: settings.clients).count
        guard local.clients > 0 else {
            throw ConfigurationError(
                "'--segment \(self)' gets no client of --clients \(settings.clients): "
                    + "give at least \(count) clients, one per segment")
        }
        local.connections = max(1, slice(of: settings.connections).count)
        local.rate = settings.rate.map { $0 / Double(count) }
        local.transactions = settings.transactions.map { max(1, slice(of: $0).count) }
        local.stages = settings.stages.map {
            BenchStage(duration: $0.duration, clients: slice(of: $0.clients).count)
        }
        return local
    }

    /// The whole run's number of this segment's first client: added to each local client's
    /// number, so draws (a function of the client and its iteration) never repeat another's.
    public func firstClient(of settings: BenchSettings) -> Int {
        slice(of: settings.clients).lowerBound
    }
}
