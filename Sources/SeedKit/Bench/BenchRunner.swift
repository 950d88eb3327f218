import Foundation

/// Drives catalog queries with many virtual clients through a bounded connection pool, closed
/// loop: each client picks a query by weight, draws its parameters, waits for a connection,
/// runs the query, and starts over (after `thinkTime`). Query latency and pool wait are
/// recorded apart, after the warm-up.
public struct BenchRunner {
    /// What to run.
    public struct Options: Sendable {
        public var clients = 10
        public var connections = 5
        /// Measured seconds, after `warmup`.
        public var duration = 10.0
        public var warmup = 2.0
        /// Stop after this many measured requests in all, instead of at `duration`.
        public var transactions: Int?
        public var thinkTime = 0.0
        public var seed: UInt64 = 42

        public init() {}
    }

    public let url: DatabaseURL
    public let options: Options

    public init(url: DatabaseURL, options: Options) {
        self.url = url
        self.options = options
    }

    /// Runs `queries` (weights from the catalog) and returns the figures; `percentiles` are
    /// kept exactly for thresholds.
    public func run(_ queries: [CatalogQuery], percentiles: [Double] = []) throws -> BenchResult {
        let setup = try url.connect()
        let preflight = SeedPreflight(connection: setup)
        try preflight.requireMigrated()
        guard try !preflight.nonEmptyTables().isEmpty else {
            throw SeedRefusal(description: "the database holds no seeded data to query; run 'seedctl seed' first")
        }
        try checkConnectionLimit(setup)
        let weighted = queries.filter { $0.weight > 0 }
        guard !weighted.isEmpty else { throw ConfigurationError("no catalog query has a weight above 0; nothing to run") }
        let workload = Workload(queries: weighted, dialect: setup.dialect, parameters: try ParameterSampler(connection: setup, seed: options.seed).prepared(for: weighted), seed: options.seed)
        let pool = try ConnectionPool(url: url, size: options.connections)
        defer { pool.close() }
        let recorder = BenchRecorder()
        let clock = ContinuousClock()
        let start = clock.now
        let measureFrom = start + .milliseconds(Int(options.warmup * 1000))
        let deadline = measureFrom + .milliseconds(Int(options.duration * 1000))
        let budget = RequestBudget(limit: options.transactions)
        let done = DispatchGroup()
        let rssAtWarmupEnd = MemoryReading()
        for client in 0..<options.clients {
            done.enter()
            let thread = Thread { [options] in
                defer { done.leave() }
                var iteration = 0
                while clock.now < deadline || options.transactions != nil {
                    let measuring = clock.now >= measureFrom
                    if measuring { rssAtWarmupEnd.takeOnce() }
                    if measuring, !budget.take() { break }
                    let (query, sql, values) = workload.request(client: client, iteration: iteration)
                    iteration += 1
                    do {
                        let (latency, wait) = try pool.withConnection { connection -> Duration in
                            let began = clock.now
                            try connection.run(prepared: sql, values)
                            return clock.now - began
                        }
                        if measuring {
                            recorder.record(query: query, latencyMicros: latency.microseconds, waitMicros: UInt64(max(0, wait * 1e6)))
                        }
                    } catch let error as DatabaseError {
                        if measuring { recorder.recordError(query: query, cause: error.code.rawValue) }
                    } catch {
                        if measuring { recorder.recordError(query: query, cause: "client") }
                    }
                    if options.thinkTime > 0 { Thread.sleep(forTimeInterval: options.thinkTime) }
                }
            }
            thread.stackSize = 1 << 18
            thread.start()
        }
        done.wait()
        let elapsed = clock.now - measureFrom
        let seconds = options.transactions == nil ? options.duration : max(0.001, elapsed.seconds)
        let peak = MemoryReading.peakRSS()
        return BenchResult(
            server: try setup.serverVersion(), clients: options.clients, connections: options.connections,
            seconds: seconds, recorder: recorder, percentiles: percentiles, reconnects: pool.replacements,
            peakRSSBytes: peak, rssGrowthBytes: max(0, MemoryReading.currentRSS() - rssAtWarmupEnd.value))
    }

    /// Fails clearly when the pool needs more connections than the server has free.
    private func checkConnectionLimit(_ connection: any Connection) throws {
        guard connection.dialect == .postgres,
            let row = try connection.query("""
                SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                       - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS free
                """).first, let free = row["free"].int
        else { return }
        if options.connections > Int(free) {
            throw ConfigurationError("'--connections \(options.connections)' does not fit: the server has \(free) connection(s) free (max_connections); lower --connections or raise max_connections")
        }
    }
}

/// The queries a bench picks from, compiled once, with their cumulative weights.
struct Workload: Sendable {
    let queries: [CatalogQuery]
    let compiled: [(sql: String, order: [String])]
    let streams: [[UInt64]]
    let cumulative: [Double]
    let parameters: PreparedParameters
    let hash: CounterHash

    init(queries: [CatalogQuery], dialect: Dialect, parameters: PreparedParameters, seed: UInt64) {
        self.queries = queries
        let compiled = queries.map { $0.compiled(for: dialect) }
        self.compiled = compiled
        streams = zip(queries, compiled).map { PreparedParameters.streams(for: $0, order: $1.order) }
        var total = 0.0
        cumulative = queries.map { total += $0.weight; return total }
        self.parameters = parameters
        hash = CounterHash(seed: seed)
    }

    /// The query, SQL and values of one client's `iteration`-th request.
    func request(client: Int, iteration: Int) -> (String, String, [SQLValue]) {
        let stream = 0xB3AC_0000_0000_0000 ^ UInt64(client)
        let point = hash.unit(stream, iteration, 1) * (cumulative.last ?? 1)
        let index = cumulative.firstIndex { point < $0 } ?? queries.count - 1
        let query = queries[index]
        let draw = client &* 1_000_003 &+ iteration
        let values = (try? parameters.values(for: query, order: compiled[index].order, draw: draw, streams: streams[index])) ?? []
        return (query.name, compiled[index].sql, values)
    }
}

/// A shared count of measured requests left, for `--transactions`.
///
/// `@unchecked Sendable`: `remaining` is only touched under `lock`.
final class RequestBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int?

    init(limit: Int?) { remaining = limit }

    /// Takes one request; false when the budget is spent.
    func take() -> Bool {
        lock.withLock {
            guard let left = remaining else { return true }
            guard left > 0 else { return false }
            remaining = left - 1
            return true
        }
    }
}

/// Resident memory of this process, from /proc/self/status.
///
/// `@unchecked Sendable`: `reading` is written once, under `lock`.
final class MemoryReading: @unchecked Sendable {
    private let lock = NSLock()
    private var reading: Int?

    /// Records the current RSS the first time it is called.
    func takeOnce() {
        lock.withLock { if reading == nil { reading = Self.currentRSS() } }
    }

    var value: Int { lock.withLock { reading ?? Self.currentRSS() } }

    static func currentRSS() -> Int { status("VmRSS:") }
    static func peakRSS() -> Int { status("VmHWM:") }

    private static func status(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}

