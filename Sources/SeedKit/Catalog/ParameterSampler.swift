/// Draws catalog parameters from the seeded data, deterministically: the distinct values of a
/// column (ordered, at most 1,000) are read once, and draw `k` of a query picks among them by
/// counter hash of (seed, query, parameter, k). A `new uuid` parameter is that hash itself, as
/// a version-4-shaped UUID: distinct draws give distinct ids.
final class ParameterSampler {
    private let connection: any Connection
    private let hash: CounterHash
    private var cache: [String: [SQLValue]] = [:]

    init(connection: any Connection, seed: UInt64) {
        self.connection = connection
        self.hash = CounterHash(seed: seed)
    }

    /// The values to bind for draw `draw` of `query`, in the order of `order` (from `compiled`).
    func values(for query: CatalogQuery, order: [String], draw: Int) throws -> [SQLValue] {
        try prepared(for: [query]).values(for: query, order: order, draw: draw)
    }

    /// A snapshot that draws without the database, for use from many threads: every column the
    /// queries sample is read now.
    func prepared(for queries: [CatalogQuery]) throws -> PreparedParameters {
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
        let pool = try connection.query(
            "SELECT DISTINCT \(column) AS v FROM \(physical) ORDER BY \(column) LIMIT 1000"
        ).map { $0["v"] }
        guard !pool.isEmpty else {
            throw NotReadyError(
                "\(table) is empty, so the catalog has no \(column) to draw; run 'seedctl seed' first")
        }
        cache[key] = pool
        return pool
    }
}
