/// The queries a bench picks from, compiled once for the dialect, with their cumulative
/// weights; requests are a pure function of (seed, client, iteration).
struct Workload: Sendable {
    /// One request: which query, its SQL and bound values.
    struct Request {
        let query: Int
        let sql: String
        let values: [SQLValue]
        let isWrite: Bool
    }

    let queries: [CatalogQuery]
    let compiled: [(sql: String, order: [String])]
    let plans: [PreparedParameters.Plan]
    /// `queries[i].isWrite`, apart: reading it from `queries` would copy a whole query.
    let writes: [Bool]
    let cumulative: [Double]
    let hash: CounterHash
    /// Added to every parameter draw: 0 for a reproducible run; random when writes are
    /// committed, so a second run's new rows do not collide with the first run's.
    let drawOffset: Int

    init(queries: [CatalogQuery], dialect: Dialect, parameters: PreparedParameters, seed: UInt64, drawOffset: Int = 0) throws {
        self.queries = queries
        let compiled = queries.map { $0.compiled(for: dialect) }
        self.compiled = compiled
        plans = try zip(queries, compiled).map { try parameters.plan(for: $0, order: $1.order) }
        writes = queries.map(\.isWrite)
        var total = 0.0
        cumulative = queries.map { total += $0.weight; return total }
        hash = CounterHash(seed: seed)
        self.drawOffset = drawOffset
    }

    var names: [String] { queries.map(\.name) }

    /// Client `client`'s `iteration`-th request.
    func request(client: Int, iteration: Int) -> Request {
        let index: Int
        if cumulative.count == 1 {
            index = 0
        } else {
            let point = hash.unit(0xB3AC_0000_0000_0000 ^ UInt64(client), iteration, 1) * (cumulative.last ?? 1)
            index = cumulative.firstIndex { point < $0 } ?? cumulative.count - 1
        }
        let draw = client &* 1_000_003 &+ iteration &+ drawOffset
        return Request(query: index, sql: compiled[index].sql, values: plans[index].values(draw: draw), isWrite: writes[index])
    }
}
