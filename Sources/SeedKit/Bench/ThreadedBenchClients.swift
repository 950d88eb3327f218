import Foundation

/// Runs a bench with one thread per virtual client, borrowing connections from a
/// `ConnectionPool`: the general engine, used for SQLite (whose API blocks). PostgreSQL uses
/// `PostgresEventLoop`, which needs far fewer threads.
struct ThreadedBenchClients {
    let pool: ConnectionPool
    let workload: Workload
    let schedule: BenchSchedule
    let recorders: [BenchRecorder]
    let clients: Int
    let commitWrites: Bool
    let rssAtWarmupEnd: MemoryReading

    /// Starts the clients and returns when all have finished.
    func run() {
        let done = DispatchGroup()
        for client in 0..<clients {
            done.enter()
            let thread = Thread { [self] in
                defer { done.leave() }
                runClient(client)
            }
            thread.stackSize = 1 << 18
            thread.start()
        }
        done.wait()
    }

    private func runClient(_ client: Int) {
        let recorder = recorders[client % recorders.count]
        let clock = ContinuousClock()
        var iteration = 0
        var due = schedule.nextStart(after: clock.now, first: true)
        while !schedule.isOver(at: clock.now) {
            guard schedule.isActive(client, at: clock.now) else {
                Thread.sleep(forTimeInterval: 0.02)
                due = schedule.nextStart(after: clock.now, first: true)
                continue
            }
            if due > clock.now { Thread.sleep(forTimeInterval: (due - clock.now).seconds) }
            let measuring = clock.now >= schedule.measureFrom
            if measuring { rssAtWarmupEnd.takeOnce() }
            if measuring, !schedule.take() { break }
            let request = workload.request(client: client, iteration: iteration)
            iteration += 1
            let start = schedule.isOpenLoop ? due : clock.now
            do {
                let (ran, wait) = try pool.withConnection { connection in
                    try BenchRequestRunner(connection: connection, commitWrites: commitWrites).run(request)
                }
                let finished = clock.now
                if measuring, finished <= schedule.deadline {
                    let latency = schedule.isOpenLoop ? finished - start : ran.statement
                    recorder.record(
                        query: request.query, latencyMicros: latency.microseconds,
                        waitMicros: UInt64(max(0, wait * 1e6)),
                        transactionEnd: ran.transactionEnd.map { ($0.kind, $0.time.microseconds) })
                }
            } catch {
                if measuring {
                    recorder.recordError(
                        query: request.query, cause: BenchRequestRunner.cause(of: error),
                        message: BenchRequestRunner.message(of: error, query: workload.queries[request.query])
                    )
                }
            }
            due = schedule.nextStart(after: clock.now)
        }
    }
}
