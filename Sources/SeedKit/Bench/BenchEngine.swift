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
    private let loopThreads: [EventLoopThread]
    private let threaded: ThreadedBenchClients?

    /// `bindingLoops`: whether, with one loop per CPU, each loop is bound to its CPU (against
    /// the server itself, not through a pooler).
    init(url: DatabaseURL, settings: BenchSettings, workload: Workload, bindingLoops: Bool) throws {
        poolSize = settings.connections
        switch url.backend {
        case .postgres(let conninfo):
            let workers = min(
                settings.connections, settings.clients,
                settings.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount))
            recorders = (0..<workers).map { _ in BenchRecorder(queryNames: workload.names) }
            let cpus = bindingLoops ? CPUBinding.cpus(forLoops: workers) : nil
            // Connection K belongs to loop K % workers; each loop's thread opens its own.
            let shares = (0..<workers).map { worker in
                (0..<settings.connections).filter { $0 % workers == worker }.count
            }
            let threads = shares.indices.map { worker in
                EventLoopThread(cpu: cpus?[worker], connections: shares[worker]) {
                    try PostgresConnection(conninfo: conninfo, url: url)
                }
            }
            let opened = threads.map { $0.waitUntilConnected() }
            if let failure = opened.lazy.compactMap(\.failure).first {
                for thread in threads { thread.start(nil) }
                throw Self.connectingError(
                    failure, opened: opened.reduce(0) { $0 + $1.connections.count }, of: settings.connections)
            }
            schedule = BenchSchedule(settings: settings)
            let connectionCount = BenchConnectionCount(open: settings.connections)
            self.connectionCount = connectionCount
            loops = (0..<workers).map { [schedule, recorders, rssAtWarmupEnd] worker in
                PostgresEventLoop(
                    url: url, conninfo: conninfo, connections: opened[worker].connections,
                    clients: (0..<settings.clients).filter { $0 % workers == worker }, workload: workload,
                    schedule: schedule,
                    recorder: recorders[worker], commitWrites: settings.commitWrites,
                    queryProtocol: settings.queryProtocol ?? .prepared,
                    rssAtWarmupEnd: rssAtWarmupEnd, connectionCount: connectionCount)
            }
            loopThreads = threads
            threaded = nil
        case .sqlite:
            recorders = (0..<min(settings.clients, 4)).map { _ in BenchRecorder(queryNames: workload.names) }
            // Reads run with query_only on; BenchRequestRunner lifts it around each write.
            let pool = try ConnectionPool(url: url, size: settings.connections) {
                try $0.execute(script: BenchRequestRunner.readOnlyOn)
            }
            schedule = BenchSchedule(settings: settings)
            loops = []
            loopThreads = []
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
        for (thread, loop) in zip(loopThreads, loops) { thread.start(loop) }
        for thread in loopThreads { thread.waitUntilFinished() }
    }

    deinit {
        // Threads of a run that never started end here, closing their connections.
        for thread in loopThreads { thread.start(nil) }
    }

    /// The first connection's error as it is (a wrong URL or password); a later one says how
    /// many were opened, since a pooler (PgBouncer) may hold fewer server connections.
    private static func connectingError(_ error: any Error, opened: Int, of total: Int) -> any Error {
        guard opened > 0, var error = error as? DatabaseError else { return error }
        error.message = "opened \(opened) of \(total) connections, then: \(error.message)"
        error.hint =
            error.hint ?? "a pooler (PgBouncer) in front may hold fewer server connections "
            + "than --connections; lower --connections or raise its pool size"
        return error
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
