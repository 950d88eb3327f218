/// Draws catalog parameters from the seeded data, deterministically: the distinct values of a
/// column (ordered, at most 1,000) are read once, and draw `k` of a query picks among them by
/// counter hash of (seed, query, parameter, k). A `new uuid` parameter is that hash itself, as
/// a version-4-shaped UUID: distinct draws give distinct ids.
public final class ParameterSampler {
    private let connection: any Connection
    private let hash: CounterHash
    private var cache: [String: [SQLValue]] = [:]

    public init(connection: any Connection, seed: UInt64) {
        self.connection = connection
        self.hash = CounterHash(seed: seed)
    }

    /// The values to bind for draw `draw` of `query`, in the order of `order` (from `compiled`).
    public func values(for query: CatalogQuery, order: [String], draw: Int) throws -> [SQLValue] {
        try prepared(for: [query]).values(for: query, order: order, draw: draw)
    }

    /// A snapshot that draws without the database, for use from many threads: every column the
    /// queries sample is read now.
    public func prepared(for queries: [CatalogQuery]) throws -> PreparedParameters {
        var pools: [String: [SQLValue]] = [:]
        for query in queries {
            for (_, source) in query.parameters {
                switch source {
                case .sample(let table, let column), .batch(_, let table, let column):
                    pools["\(table).\(column)"] = try values(table, column)
                case .oneOf, .newUUID:
                    break
                }
            }
        }
        return PreparedParameters(hash: hash, dialect: connection.dialect, pools: pools)
    }

    private func values(_ table: String, _ column: String) throws -> [SQLValue] {
        let key = "\(table).\(column)"
        if let cached = cache[key] { return cached }
        let physical = connection.dialect.tableName(table)
        let pool = try connection.query("SELECT DISTINCT \(column) AS v FROM \(physical) ORDER BY \(column) LIMIT 1000").map { $0["v"] }
        guard !pool.isEmpty else {
            throw NotReadyError("\(table) is empty, so the catalog has no \(column) to draw; run 'seedctl seed' first")
        }
        cache[key] = pool
        return pool
    }
}

/// Parameter draws over columns already read: pure, `Sendable`, the same values as
/// `ParameterSampler` for the same seed.
public struct PreparedParameters: Sendable {
    let hash: CounterHash
    let dialect: Dialect
    let pools: [String: [SQLValue]]

    /// The values to bind for draw `draw` of `query`, in the order of `order`.
    public func values(for query: CatalogQuery, order: [String], draw: Int) throws -> [SQLValue] {
        try plan(for: query, order: order).values(draw: draw)
    }

    /// How to draw `query`'s parameters in `order`, resolved once (streams, pools), so a hot
    /// loop draws with no look-up and no allocation beyond the values themselves.
    public func plan(for query: CatalogQuery, order: [String]) throws -> Plan {
        let sources = try order.map { name -> Plan.Source in
            let stream = CounterHash.stream("catalog:\(query.name):\(name)")
            switch query.parameters.first(where: { $0.name == name })?.source {
            case .sample(let table, let column): return .sample(pools["\(table).\(column)"] ?? [], stream)
            case .oneOf(let items): return .oneOf(items.map(SQLValue.text), stream)
            case .batch(let count, let table, let column): return .batch(count, pools["\(table).\(column)"] ?? [], stream)
            case .newUUID: return .newUUID(stream)
            case nil: throw ConfigurationError("\(query.file):\(query.line): query '\(query.name)' has no parameter '\(name)'")
            }
        }
        return Plan(hash: hash, dialect: dialect, sources: sources)
    }

    /// One query's parameter draws, resolved: see `plan(for:order:)`.
    public struct Plan: Sendable {
        enum Source: Sendable {
            case sample([SQLValue], UInt64)
            case oneOf([SQLValue], UInt64)
            case batch(Int, [SQLValue], UInt64)
            case newUUID(UInt64)
        }

        let hash: CounterHash
        let dialect: Dialect
        let sources: [Source]

        /// The values of draw `draw`.
        public func values(draw: Int) -> [SQLValue] {
            guard !sources.isEmpty else { return [] }
            return sources.map { source in
                switch source {
                case .sample(let pool, let stream), .oneOf(let pool, let stream):
                    return pool.isEmpty ? .null : pool[Int(hash.bits(stream, draw, 1) % UInt64(pool.count))]
                case .batch(let count, let pool, let stream):
                    guard !pool.isEmpty else { return .null }
                    let picked = (0..<count).map { pool[Int(hash.bits(stream, draw, UInt64(2 + $0)) % UInt64(pool.count))].string ?? "" }
                    return .text(dialect == .postgres
                        ? "{" + picked.joined(separator: ",") + "}"
                        : "[" + picked.map { jsonString($0) }.joined(separator: ",") + "]")
                case .newUUID(let stream):
                    return .text(SeedUUID(high: hash.bits(stream, draw, 1), low: hash.bits(stream, draw, 2)).text)
                }
            }
        }
    }
}

extension SeedUUID {
    /// The 36-character lowercase form, built in place: one allocation, for bench's hot path.
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
