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
    /// The whole run's number of client 0 (`--segment`): clients pick and draw by their
    /// number in the whole run, so segments' draws are disjoint.
    let firstClient: Int

    init(
        queries: [CatalogQuery], dialect: Dialect, parameters: PreparedParameters, seed: UInt64,
        drawOffset: Int = 0, firstClient: Int = 0
    ) throws {
        self.queries = queries
        let compiled = queries.map { $0.compiled(for: dialect) }
        self.compiled = compiled
        plans = try zip(queries, compiled).map { try parameters.plan(for: $0, order: $1.order) }
        writes = queries.map(\.isWrite)
        var total = 0.0
        cumulative = queries.map {
            total += $0.weight
            return total
        }
        hash = CounterHash(seed: seed)
        self.drawOffset = drawOffset
        self.firstClient = firstClient
    }

    var names: [String] { queries.map(\.name) }

    /// Client `client`'s `iteration`-th request.
    func request(client: Int, iteration: Int) -> Request {
        let (query, draw) = pick(client: client, iteration: iteration)
        return Request(
            query: query, sql: compiled[query].sql, values: values(of: query, draw: draw),
            isWrite: writes[query])
    }

    /// Which query client `client`'s `iteration`-th request runs, and the draw its values come
    /// from: a request as two integers, for an event loop that holds many.
    func pick(client local: Int, iteration: Int) -> (query: Int, draw: Int) {
        let client = local &+ firstClient
        let query: Int
        if cumulative.count == 1 {
            query = 0
        } else {
            let point =
                hash.unit(0xB3AC_0000_0000_0000 ^ UInt64(client), iteration, 1) * (cumulative.last ?? 1)
            query = cumulative.firstIndex { point < $0 } ?? cumulative.count - 1
        }
        return (query, client &* 1_000_003 &+ iteration &+ drawOffset)
    }

    /// The bound values of query `query` for draw `draw`.
    func values(of query: Int, draw: Int) -> [SQLValue] {
        plans[query].values(draw: draw)
    }
}
