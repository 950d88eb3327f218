import Foundation

/// The clients and connections of one run, on the engine that suits the backend: PostgreSQL
/// event loops (one per core, each with its share of clients and connections), or one thread
/// per client over a `ConnectionPool` (SQLite). Every connection is opened before the clock
/// starts, so a bad URL fails here and connecting never counts as warm-up.
///
/// `@unchecked Sendable`: the loops and the pool are handed to the run's threads in `run()` and
/// read (reconnects) only after those threads have finished.
final class BenchEngine: @unchecked Sendable {
    let recorders: [BenchRecorder]
    let rssAtWarmupEnd = MemoryReading()
    /// PostgreSQL: connections open and replaced, live; nil for SQLite (its pool says).
    private let connectionCount: BenchConnectionCount?
    private let poolSize: Int
    private(set) var schedule: BenchSchedule
    private let loops: [PostgresEventLoop]
    private let threaded: ThreadedBenchClients?

    init(url: DatabaseURL, settings: BenchSettings, workload: Workload) throws {
        poolSize = settings.connections
        switch url.backend {
        case .postgres(let conninfo):
            let workers = min(
                settings.connections, settings.clients,
                settings.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount))
            recorders = (0..<workers).map { _ in BenchRecorder(queryNames: workload.names) }
            let connections = try (0..<settings.connections).map { index in
                do {
                    return try PostgresConnection(conninfo: conninfo, url: url)
                } catch var error as DatabaseError where index > 0 {
                    // The first ones opened: a pooler whose pool is smaller than --connections
                    // leaves the rest waiting for a server connection.
                    error.message =
                        "opened \(index) of \(settings.connections) connections, then: \(error.message)"
                    error.hint =
                        error.hint ?? "a pooler (PgBouncer) in front may hold fewer server connections "
                        + "than --connections; lower --connections or raise its pool size"
                    throw error
                }
            }
            schedule = BenchSchedule(settings: settings)
            let connectionCount = BenchConnectionCount(open: connections.count)
            self.connectionCount = connectionCount
            loops = (0..<workers).map { [schedule, recorders, rssAtWarmupEnd] worker in
                PostgresEventLoop(
                    url: url, conninfo: conninfo,
                    connections: connections.indices.filter { $0 % workers == worker }.map {
                        connections[$0]
                    },
                    clients: (0..<settings.clients).filter { $0 % workers == worker }, workload: workload,
                    schedule: schedule,
                    recorder: recorders[worker], commitWrites: settings.commitWrites,
                    queryProtocol: settings.queryProtocol ?? .prepared,
                    rssAtWarmupEnd: rssAtWarmupEnd, connectionCount: connectionCount)
            }
            threaded = nil
        case .sqlite:
            recorders = (0..<min(settings.clients, 4)).map { _ in BenchRecorder(queryNames: workload.names) }
            // Reads run with query_only on; BenchRequestRunner lifts it around each write.
            let pool = try ConnectionPool(url: url, size: settings.connections) {
                try $0.execute(script: BenchRequestRunner.readOnlyOn)
            }
            schedule = BenchSchedule(settings: settings)
            loops = []
            connectionCount = nil
            threaded = ThreadedBenchClients(
                pool: pool, workload: workload, schedule: schedule, recorders: recorders,
                clients: settings.clients,
                commitWrites: settings.commitWrites, rssAtWarmupEnd: rssAtWarmupEnd)
        }
    }

    /// Runs every client until the schedule is over.
    func run() {
        if let threaded {
            threaded.run()
            threaded.pool.close()
            return
        }
        let done = DispatchGroup()
        for loop in loops {
            done.enter()
            Thread {
                defer { done.leave() }
                loop.run()
            }.start()
        }
        done.wait()
    }

    /// Connections replaced after being lost (read after `run`).
    var reconnects: Int {
        loops.reduce(0) { $0 + $1.reconnects } + (threaded?.pool.replacements ?? 0)
    }

    /// Connections open now and replaced so far, safe to read while the run goes on.
    var liveConnections: (open: Int, reconnects: Int) {
        if let connectionCount { return (connectionCount.open, connectionCount.reconnects) }
        return (poolSize, threaded?.pool.replacements ?? 0)
    }

    /// Everything the recorders hold.
    func totals() -> BenchTotals {
        recorders.reduce(into: BenchTotals()) { $0.add($1.totals()) }
    }
}
