/// Parameter draws over columns already read: pure, `Sendable`, the same values as
/// `ParameterSampler` for the same seed.
struct PreparedParameters: Sendable {
    let hash: CounterHash
    let dialect: Dialect
    let pools: [String: [SQLValue]]

    /// The values to bind for draw `draw` of `query`, in the order of `order`.
    func values(for query: CatalogQuery, order: [String], draw: Int) throws -> [SQLValue] {
        try plan(for: query, order: order).values(draw: draw)
    }

    /// How to draw `query`'s parameters in `order`, resolved once (streams, pools), so a hot
    /// loop draws with no look-up and no allocation beyond the values themselves.
    func plan(for query: CatalogQuery, order: [String]) throws -> Plan {
        let sources = try order.map { name -> Plan.Source in
            let stream = CounterHash.stream("catalog:\(query.name):\(name)")
            switch query.parameters.first(where: { $0.name == name })?.source {
            case .sample(let table, let column): return .sample(pools["\(table).\(column)"] ?? [], stream)
            case .oneOf(let items): return .oneOf(items.map(SQLValue.text), stream)
            case .batch(let count, let table, let column):
                return .batch(count, pools["\(table).\(column)"] ?? [], stream)
            case .newUUID: return .newUUID(stream)
            case nil:
                throw ConfigurationError(
                    "\(query.file):\(query.line): query '\(query.name)' has no parameter '\(name)'")
            }
        }
        return Plan(hash: hash, dialect: dialect, sources: sources)
    }

    /// One query's parameter draws, resolved: see `plan(for:order:)`.
    struct Plan: Sendable {
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
        func values(draw: Int) -> [SQLValue] {
            guard !sources.isEmpty else { return [] }
            return sources.map { source in
                switch source {
                case .sample(let pool, let stream), .oneOf(let pool, let stream):
                    return pool.isEmpty ? .null : pool[Int(hash.bits(stream, draw, 1) % UInt64(pool.count))]
                case .batch(let count, let pool, let stream):
                    guard !pool.isEmpty else { return .null }
                    let picked = (0..<count).map {
                        pool[Int(hash.bits(stream, draw, UInt64(2 + $0)) % UInt64(pool.count))].string ?? ""
                    }
                    return .text(
                        dialect == .postgres
                            ? "{" + picked.joined(separator: ",") + "}"
                            : "[" + picked.map { jsonString($0) }.joined(separator: ",") + "]")
                case .newUUID(let stream):
                    return .text(
                        SeedUUID(high: hash.bits(stream, draw, 1), low: hash.bits(stream, draw, 2)).text)
                }
            }
        }
    }
}
