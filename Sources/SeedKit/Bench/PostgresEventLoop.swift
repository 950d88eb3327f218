import Foundation
import Glibc

/// Runs a share of a bench's clients and connections on one thread, with libpq's asynchronous
/// calls: statements are sent, sockets polled, results read as they complete, like pgbench's
/// threads. A run has one loop per core, so a request costs no thread switch of its own and
/// the client leaves the CPU to the server. Its thread (`EventLoopThread`) opened its
/// connections and, with one loop per CPU, is bound to its CPU, beside its backends.
///
/// The loop's connections are its share of the bounded pool: a client whose request is due
/// waits, first come first served, for one of them; that wait is the pool wait. A lost
/// connection counts as an error of the request on it, and its slot reconnects when next
/// needed, with backoff (50 ms doubling up to 2 s) while reconnecting fails.
///
/// Like pgbench, a loop reads a slot again at once after sending on it, when the answer may be
/// there: when the send took longer than any answer takes (`quickestAnswerNanos`), because the
/// backend it woke ran meanwhile (it preempted the loop on its core, as a short query's does)
/// and a read costs less than a poll round. Otherwise the answer cannot be there yet and the
/// loop goes on to poll: reading would be a system call that finds nothing. The hot path keeps
/// time as nanoseconds (`Nanoseconds`), holds requests as integers (`Pending`) and touches no
/// lock but the recorder's, so the client costs the server as little CPU as possible.
///
/// `@unchecked Sendable`: a loop and its connections are used by one thread at a time: opened
/// on the loop's thread, handed to the loop on the caller's, run on the loop's thread, read
/// (`reconnects`) after it ends.
final class PostgresEventLoop: @unchecked Sendable {
    private let url: DatabaseURL
    private let conninfo: String
    private let workload: Workload
    /// Each query's server-side statement name, the same on every connection; C strings
    /// allocated once, so a send copies no name.
    private let statementNames: [UnsafePointer<CChar>]
    private let schedule: BenchSchedule
    private let recorder: BenchRecorder
    private let commitWrites: Bool
    private let queryProtocol: BenchProtocol
    private let rssAtWarmupEnd: MemoryReading
    private let connectionCount: BenchConnectionCount
    private let time: Nanoseconds
    private let openLoop: Bool
    /// Whether a client's next start is later than its last finish (think time or `--rate`).
    private let paced: Bool
    private let staged: Bool
    private let budgeted: Bool
    @exclusivity(unchecked) private var slots: [Slot]
    @exclusivity(unchecked) private var iterations: [Int]
    /// Requests waiting for a connection, in arrival order.
    @exclusivity(unchecked) private var queue: RequestQueue<Pending>
    /// Clients waiting for their next start (think time, `--rate`), latest first.
    @exclusivity(unchecked) private var sleeping: [(client: Int, due: UInt64)] = []
    /// Clients not running in the current stage.
    private var parked: [Int] = []
    private var over = false
    private var measuring = false
    private(set) var reconnects = 0
    /// Poll set of the busy slots, and the slot of each entry (kept to reuse their storage).
    @exclusivity(unchecked) private var descriptors: [pollfd] = []
    @exclusivity(unchecked) private var owners: [Int] = []

    init(
        url: DatabaseURL, conninfo: String, connections: [PostgresConnection], clients: [Int],
        workload: Workload, schedule: BenchSchedule,
        recorder: BenchRecorder, commitWrites: Bool, queryProtocol: BenchProtocol,
        rssAtWarmupEnd: MemoryReading, connectionCount: BenchConnectionCount
    ) {
        self.connectionCount = connectionCount
        self.queryProtocol = queryProtocol
        self.url = url
        self.conninfo = conninfo
        self.workload = workload
        self.schedule = schedule
        self.recorder = recorder
        self.commitWrites = commitWrites
        self.rssAtWarmupEnd = rssAtWarmupEnd
        time = Nanoseconds(schedule: schedule)
        openLoop = schedule.isOpenLoop
        paced = schedule.isOpenLoop || schedule.thinkTime > 0
        staged = schedule.hasStages
        budgeted = schedule.hasBudget
        statementNames = workload.queries.indices.map { query in
            let name = "seedctl_bench_\(query)".utf8CString
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: name.count)
            for (offset, character) in name.enumerated() { (copy + offset).initialize(to: character) }
            return UnsafePointer(copy)
        }
        slots = connections.map {
            Slot(connection: $0, prepared: Array(repeating: false, count: workload.queries.count))
        }
        iterations = Array(repeating: 0, count: (clients.max() ?? 0) + 1)
        queue = RequestQueue(capacity: clients.count)
        parked = clients
    }

    deinit {
        for name in statementNames { name.deallocate() }
    }

    /// Makes reads read-only on every connection, from the loop's own thread (a round trip
    /// each); a connection that fails is down, and reconnects when next needed.
    private func setUpReadOnly() {
        for index in slots.indices {
            do {
                if let connection = slots[index].connection {
                    slots[index].markReads = try Self.setUpReadOnly(connection, queryProtocol)
                }
            } catch {
                slots[index] = Slot(
                    connection: nil, step: .down,
                    prepared: Array(repeating: false, count: workload.queries.count))
            }
        }
    }

    /// Makes reads on `connection` read-only: the session default on a direct connection; behind
    /// a pooler it returns true, and each read carries its own mark (sent in pipeline mode on
    /// the extended and prepared protocols).
    private static func setUpReadOnly(_ connection: PostgresConnection, _ queryProtocol: BenchProtocol) throws
        -> Bool
    {
        guard try !connection.defaultToReadOnly() else { return false }
        if queryProtocol != .simple { try connection.enterPipelineMode() }
        return true
    }

    /// Runs until the schedule is over, then lets the requests in flight finish.
    func run() {
        setUpReadOnly()
        var lastStageCheck: UInt64 = 0
        var lastStopCheck: UInt64 = 0
        while true {
            let now = time.now()
            // The shared stop flag (budget spent, abort) is behind a lock the other loops use
            // too: read it once a millisecond, not once a request.
            if now &- lastStopCheck >= 1_000_000 {
                over = schedule.isOver(at: .now)
                lastStopCheck = now
            }
            over = over || now >= time.deadline
            if over { break }
            if !measuring, now >= time.measureFrom {
                measuring = true
                rssAtWarmupEnd.takeOnce()
            }
            if now &- lastStageCheck >= 20_000_000 {
                wakeParked()
                lastStageCheck = now
            }
            while let last = sleeping.last, last.due <= now {
                sleeping.removeLast()
                enqueue(last.client, due: last.due, at: now)
            }
            assignConnections(at: now)
            let nextDue = sleeping.last.map { $0.due > now ? $0.due - now : 0 } ?? 20_000_000
            waitForResults(timeoutMilliseconds: Int32(min(nextDue, 20_000_000) / 1_000_000))
        }
        // Requests in flight finish; those that took from a --transactions budget or were
        // queued before an abort are still sent, so every counted request is measured. A
        // request stuck for 30 s more (a lock held for ever) is abandoned, not waited for.
        let giveUp = time.now() + 30_000_000_000
        while slots.contains(where: { $0.pending != nil }) || (!queue.isEmpty && time.now() < time.deadline),
            time.now() < giveUp
        {
            assignConnections(at: time.now())
            waitForResults(timeoutMilliseconds: 100)
        }
    }

    private func wakeParked() {
        let active = schedule.activeClients(at: .now)
        var still: [Int] = []
        for client in parked {
            if client < active { next(client, at: time.now(), first: true) } else { still.append(client) }
        }
        parked = still
    }

    /// Makes client `client`'s next request wait for a connection.
    private func enqueue(_ client: Int, due: UInt64, at now: UInt64) {
        guard !over else { return }
        if staged, !schedule.isActive(client, at: .now) { return parked.append(client) }
        let counted = measuring || now >= time.measureFrom
        if counted, budgeted, !schedule.take() { return }
        let iteration = iterations[client]
        iterations[client] = iteration + 1
        let (query, draw) = workload.pick(client: client, iteration: iteration)
        queue.append(
            Pending(
                client: client, query: query, draw: draw, start: openLoop ? due : now, enqueued: now,
                measuring: counted))
    }

    /// Hands free connections to waiting requests, reconnecting lost ones that are due.
    private func assignConnections(at now: UInt64) {
        for index in slots.indices where !queue.isEmpty {
            assign(slot: index, at: now)
        }
    }

    /// Starts the next waiting request on slot `index` if it is free (or lost and due to
    /// reconnect); a failed reconnect fails that request.
    private func assign(slot index: Int, at now: UInt64) {
        guard !queue.isEmpty, slots[index].pending == nil else { return }
        var now = now
        if slots[index].step == .down {
            guard slots[index].retryAt <= now else { return }
            do {
                let connection = try PostgresConnection(conninfo: conninfo, url: url)
                slots[index].markReads = try Self.setUpReadOnly(connection, queryProtocol)
                slots[index].connection = connection
                slots[index].step = .idle
                reconnects += 1
                connectionCount.reopened()
                now = time.now()
            } catch {
                let delay = ConnectionPool.reconnectDelayNanos(afterFailures: slots[index].failures)
                slots[index].failures += 1
                slots[index].retryAt = time.now() + delay
                if let pending = queue.popFirst() { finish(pending, error: error, at: time.now()) }
                return
            }
        }
        guard let pending = queue.popFirst() else { return }
        slots[index].waitNanos = now &- pending.enqueued
        slots[index].failure = nil
        slots[index].pending = pending
        send(workload.writes[pending.query] ? .begin : .statement, slot: index)
    }

    /// Sends step `step` of the request on slot `index`.
    private func send(_ step: Step, slot index: Int) {
        guard let connection = slots[index].connection, let pending = slots[index].pending else { return }
        slots[index].step = step
        slots[index].stepError = nil
        slots[index].stepStarted = time.now()
        do {
            switch step {
            case .begin: try connection.send(command: "BEGIN READ WRITE")
            case .prepare:
                try connection.sendPrepare(
                    workload.compiled[pending.query].sql, as: statementNames[pending.query])
            case .statement:
                let query = pending.query
                let values = workload.values(of: query, draw: pending.draw)
                // Behind a pooler a read marks its own implicit transaction read-only, in the
                // same round trip (pipeline or query string); elsewhere the session default holds.
                let mark = slots[index].markReads && !workload.writes[query]
                if mark, queryProtocol != .simple, queryProtocol != .prepared || slots[index].prepared[query]
                {
                    try connection.sendReadOnlyMarker()
                }
                switch queryProtocol {
                case .prepared where !slots[index].prepared[query]:
                    // Prepared first, without waiting: a pooler holding the statement back
                    // must not stall the loop (or outlast --duration).
                    return send(.prepare, slot: index)
                case .prepared:
                    try connection.send(statement: statementNames[query], values)
                case .extended:
                    try connection.send(extended: workload.compiled[query].sql, values)
                case .simple:
                    try connection.send(simple: workload.compiled[query].sql, values, readOnly: mark)
                }
            case .end:
                try connection.send(
                    command: commitWrites && slots[index].failure == nil ? "COMMIT" : "ROLLBACK")
            case .idle, .down: return
            }
        } catch {
            lost(slot: index, error: error)
        }
    }

    private func waitForResults(timeoutMilliseconds: Int32) {
        descriptors.removeAll(keepingCapacity: true)
        owners.removeAll(keepingCapacity: true)
        for index in slots.indices where slots[index].pending != nil {
            descriptors.append(
                pollfd(fd: slots[index].connection?.socket ?? -1, events: Int16(POLLIN), revents: 0))
            owners.append(index)
        }
        // A start due in under a millisecond is polled for without blocking.
        guard poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds) > 0 else { return }
        for position in descriptors.indices where descriptors[position].revents != 0 {
            let index = owners[position]
            var rounds = 0
            while read(slot: index), slots[index].pending != nil, rounds < 64, mayHaveAnswered(slot: index) {
                rounds += 1
            }
        }
    }

    /// The least time from sending a statement to its answer being readable: a wake-up, the
    /// server's work and its reply. A send that returns sooner was not preempted by the
    /// backend it woke, so nothing has answered yet.
    static let quickestAnswerNanos: UInt64 = 8_000

    /// Whether the answer to what slot `index` just sent may have come: only if the loop was
    /// off its CPU meanwhile.
    private func mayHaveAnswered(slot index: Int) -> Bool {
        time.now() &- slots[index].stepStarted >= Self.quickestAnswerNanos
    }

    /// Reads slot `index`'s results; true when they were complete and the slot went on.
    private func read(slot index: Int) -> Bool {
        guard let connection = slots[index].connection, let pending = slots[index].pending else {
            return false
        }
        let step = slots[index].step
        let query = pending.query
        guard
            connection.receive(
                step == .statement || step == .prepare ? workload.compiled[query].sql : "COMMIT/ROLLBACK",
                error: &slots[index].stepError)
        else { return false }
        let now = time.now()
        let elapsed = now &- slots[index].stepStarted
        if let error = slots[index].stepError {
            if error.code.isConnectionLoss || connection.isBroken {
                lost(slot: index, error: error)
                return true
            }
            if slots[index].failure == nil { slots[index].failure = error }
        }
        switch step {
        case .begin where slots[index].failure == nil:
            send(.statement, slot: index)
            return true
        case .prepare where slots[index].failure == nil:
            slots[index].prepared[query] = true
            send(.statement, slot: index)
            return true
        case .prepare where workload.writes[query]:
            send(.end, slot: index)
            return true
        case .statement where workload.writes[query]:
            slots[index].statementNanos = elapsed
            send(.end, slot: index)
            return true
        case .statement:
            slots[index].statementNanos = elapsed
        default:
            break
        }
        slots[index].pending = nil
        slots[index].step = .idle
        complete(pending, slot: index, at: now, transactionEnd: step == .end ? elapsed : nil)
        if !over { assign(slot: index, at: now) }
        return true
    }

    private func lost(slot index: Int, error: any Error) {
        let pending = slots[index].pending
        let now = time.now()
        if slots[index].connection != nil { connectionCount.lost() }
        slots[index] = Slot(
            connection: nil, step: .down, retryAt: now,
            prepared: Array(repeating: false, count: statementNames.count))
        if let pending { finish(pending, error: error, at: now) }
    }

    private func complete(_ pending: Pending, slot index: Int, at now: UInt64, transactionEnd: UInt64?) {
        if let failure = slots[index].failure { return finish(pending, error: failure, at: now) }
        if pending.measuring, now <= time.deadline {
            let latency = openLoop ? now &- pending.start : slots[index].statementNanos
            recorder.record(
                query: pending.query, latencyMicros: latency / 1000,
                waitMicros: slots[index].waitNanos / 1000,
                transactionEnd: transactionEnd.map { (commitWrites ? "commit" : "rollback", $0 / 1000) })
        }
        next(pending.client, at: now)
    }

    private func finish(_ pending: Pending, error: any Error, at now: UInt64) {
        if pending.measuring {
            recorder.recordError(
                query: pending.query, cause: BenchRequestRunner.cause(of: error),
                message: BenchRequestRunner.message(of: error, query: workload.queries[pending.query]))
        }
        next(pending.client, at: now)
    }

    /// Schedules the client's next request: now (closed loop) or later (think time, `--rate`).
    private func next(_ client: Int, at now: UInt64, first: Bool = false) {
        let due = paced ? time.nanoseconds(schedule.nextStart(after: .now, first: first)) : now
        guard due > now else { return enqueue(client, due: due, at: now) }
        let position = sleeping.firstIndex { $0.due <= due } ?? sleeping.endIndex
        sleeping.insert((client, due), at: position)
    }
}
