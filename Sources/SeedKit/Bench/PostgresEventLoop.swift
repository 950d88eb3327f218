import Foundation
import Glibc

/// Runs a share of a bench's clients and connections on one thread, with libpq's asynchronous
/// calls: statements are sent, sockets polled, results read as they complete, like pgbench's
/// threads. A run has one loop per core, so a request costs no thread switch of its own and
/// the client leaves the CPU to the server.
///
/// The loop's connections are its share of the bounded pool: a client whose request is due
/// waits, first come first served, for one of them; that wait is the pool wait. A lost
/// connection counts as an error of the request on it, and its slot reconnects when next
/// needed, with backoff (50 ms doubling up to 2 s) while reconnecting fails.
///
/// `@unchecked Sendable`: a loop and its connections are used by one thread at a time: built
/// on the caller's thread, run on a thread of its own, read (`reconnects`) after that thread ends.
final class PostgresEventLoop: @unchecked Sendable {
    private struct Pending {
        let client: Int
        let request: Workload.Request
        /// Latency counts from here: the scheduled start with `--rate`, else when sent.
        let start: ContinuousClock.Instant
        let enqueued: ContinuousClock.Instant
        let measuring: Bool
    }

    private enum Step { case begin, statement, end }

    private struct InFlight {
        let pending: Pending
        var step: Step
        var stepStarted: ContinuousClock.Instant
        var waitMicros: UInt64 = 0
        var statement: Duration = .zero
        var failure: DatabaseError?
        var outcome: PostgresConnection.AsyncOutcome?
    }

    private enum Slot {
        case idle(PostgresConnection)
        case busy(PostgresConnection, InFlight)
        case down(failures: Int, retryAt: ContinuousClock.Instant)
    }

    private let url: DatabaseURL
    private let conninfo: String
    private let workload: Workload
    private let schedule: BenchSchedule
    private let recorder: BenchRecorder
    private let commitWrites: Bool
    private let rssAtWarmupEnd: MemoryReading
    private let clock = ContinuousClock()
    private var slots: [Slot]
    private var iterations: [Int: Int] = [:]
    /// Requests waiting for a connection, in arrival order (`head` is the next one).
    private var queue: [Pending] = []
    private var head = 0
    /// Clients waiting for their next start (think time, `--rate`), latest first.
    private var sleeping: [(client: Int, due: ContinuousClock.Instant)] = []
    /// Clients not running in the current stage.
    private var parked: [Int] = []
    private(set) var reconnects = 0
    /// Poll set of the busy slots, and the slot of each entry (kept to reuse their storage).
    private var descriptors: [pollfd] = []
    private var owners: [Int] = []

    init(
        url: DatabaseURL, conninfo: String, connections: [PostgresConnection], clients: [Int], workload: Workload, schedule: BenchSchedule,
        recorder: BenchRecorder, commitWrites: Bool, rssAtWarmupEnd: MemoryReading
    ) {
        self.url = url
        self.conninfo = conninfo
        self.workload = workload
        self.schedule = schedule
        self.recorder = recorder
        self.commitWrites = commitWrites
        self.rssAtWarmupEnd = rssAtWarmupEnd
        slots = connections.map { .idle($0) }
        parked = clients
    }

    /// Runs until the schedule is over, then lets the requests in flight finish.
    func run() {
        var lastStageCheck = clock.now - .seconds(1)
        while !schedule.isOver(at: clock.now) {
            let now = clock.now
            if now - lastStageCheck >= .milliseconds(20) {
                wakeParked(at: now)
                lastStageCheck = now
            }
            while let last = sleeping.last, last.due <= now {
                sleeping.removeLast()
                enqueue(last.client, due: last.due, at: now)
            }
            assignConnections()
            let nextDue = sleeping.last.map { $0.due - clock.now } ?? .milliseconds(20)
            waitForResults(timeout: min(max(nextDue, .zero), .milliseconds(20)))
        }
        // Requests in flight finish; those that took from a --transactions budget or were
        // queued before an abort are still sent, so every counted request is measured.
        while slots.contains(where: { if case .busy = $0 { true } else { false } }) || (head < queue.count && clock.now < schedule.deadline) {
            assignConnections()
            waitForResults(timeout: .milliseconds(100))
        }
    }

    private func wakeParked(at now: ContinuousClock.Instant) {
        var still: [Int] = []
        for client in parked {
            if schedule.isActive(client, at: now) { next(client, at: now, first: true) } else { still.append(client) }
        }
        parked = still
    }

    /// Makes client `client`'s next request wait for a connection.
    private func enqueue(_ client: Int, due: ContinuousClock.Instant, at now: ContinuousClock.Instant) {
        guard !schedule.isOver(at: now) else { return }
        guard schedule.isActive(client, at: now) else { return parked.append(client) }
        let measuring = now >= schedule.measureFrom
        if measuring {
            rssAtWarmupEnd.takeOnce()
            guard schedule.take() else { return }
        }
        let iteration = iterations[client, default: 0]
        iterations[client] = iteration + 1
        let request = workload.request(client: client, iteration: iteration)
        queue.append(Pending(client: client, request: request, start: schedule.isOpenLoop ? due : now, enqueued: now, measuring: measuring))
    }

    /// Hands free connections to waiting requests, reconnecting lost ones that are due.
    private func assignConnections() {
        for index in slots.indices where head < queue.count {
            assign(slot: index)
        }
    }

    /// Starts the next waiting request on slot `index` if it is free (or lost and due to
    /// reconnect); a failed reconnect fails that request.
    private func assign(slot index: Int) {
        guard head < queue.count else { return }
        let connection: PostgresConnection
        switch slots[index] {
        case .busy: return
        case .idle(let open): connection = open
        case .down(let failures, let retryAt):
            guard retryAt <= clock.now else { return }
            do {
                connection = try PostgresConnection(conninfo: conninfo, redactor: url)
                reconnects += 1
            } catch {
                let delay = min(0.05 * Double(1 << min(failures, 6)), 2.0)
                slots[index] = .down(failures: failures + 1, retryAt: clock.now + .seconds(delay))
                finish(dequeue(), error: error)
                return
            }
        }
        let pending = dequeue()
        let now = clock.now
        var flight = InFlight(pending: pending, step: pending.request.isWrite ? .begin : .statement, stepStarted: now)
        flight.waitMicros = (now - pending.enqueued).microseconds
        start(&flight, on: connection, slot: index)
    }

    private func dequeue() -> Pending {
        let pending = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return pending
    }

    /// Sends the current step of `flight`.
    private func start(_ flight: inout InFlight, on connection: PostgresConnection, slot: Int) {
        flight.stepStarted = clock.now
        do {
            switch flight.step {
            case .begin: try connection.send(command: "BEGIN")
            case .statement: try connection.send(prepared: flight.pending.request.sql, flight.pending.request.values)
            case .end: try connection.send(command: commitWrites && flight.failure == nil ? "COMMIT" : "ROLLBACK")
            }
            slots[slot] = .busy(connection, flight)
        } catch {
            lost(connection, slot: slot, flight: flight, error: error)
        }
    }

    private func waitForResults(timeout: Duration) {
        descriptors.removeAll(keepingCapacity: true)
        owners.removeAll(keepingCapacity: true)
        for (index, slot) in slots.enumerated() {
            if case .busy(let connection, _) = slot {
                descriptors.append(pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0))
                owners.append(index)
            }
        }
        // Whole milliseconds, rounded down: a start due sooner is polled for without blocking.
        guard poll(&descriptors, nfds_t(descriptors.count), Int32(timeout.milliseconds)) > 0 else { return }
        for (position, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
            read(slot: owners[position])
        }
    }

    private func read(slot index: Int) {
        guard case .busy(let connection, var flight) = slots[index] else { return }
        let sql = flight.step == .statement ? flight.pending.request.sql : "COMMIT/ROLLBACK"
        guard let outcome = connection.receive(sql, outcome: &flight.outcome) else {
            slots[index] = .busy(connection, flight)
            return
        }
        let elapsed = clock.now - flight.stepStarted
        if case .failure(let error) = outcome, error.code.isConnectionLoss || connection.isBroken {
            return lost(connection, slot: index, flight: flight, error: error)
        }
        switch (flight.step, outcome) {
        case (.begin, .success):
            flight.step = .statement
            return start(&flight, on: connection, slot: index)
        case (.statement, _) where flight.pending.request.isWrite:
            flight.statement = elapsed
            if case .failure(let error) = outcome { flight.failure = error }
            flight.step = .end
            return start(&flight, on: connection, slot: index)
        case (.statement, .success):
            flight.statement = elapsed
        case (.end, .success):
            break
        case (_, .failure(let error)):
            flight.failure = flight.failure ?? error
        }
        slots[index] = .idle(connection)
        complete(flight, transactionEnd: flight.step == .end ? elapsed : nil)
        if !schedule.isOver(at: clock.now) { assign(slot: index) }
    }

    private func lost(_ connection: PostgresConnection, slot: Int, flight: InFlight, error: any Error) {
        slots[slot] = .down(failures: 0, retryAt: clock.now)
        finish(flight.pending, error: error)
    }

    private func complete(_ flight: InFlight, transactionEnd: Duration?) {
        if let failure = flight.failure { return finish(flight.pending, error: failure) }
        let now = clock.now
        let pending = flight.pending
        if pending.measuring, now <= schedule.deadline {
            let latency = schedule.isOpenLoop ? now - pending.start : flight.statement
            recorder.record(
                query: pending.request.query, latencyMicros: latency.microseconds, waitMicros: flight.waitMicros,
                transactionEnd: transactionEnd.map { (commitWrites ? "commit" : "rollback", $0.microseconds) })
        }
        next(pending.client, at: now)
    }

    private func finish(_ pending: Pending, error: any Error) {
        if pending.measuring { recorder.recordError(query: pending.request.query, cause: BenchRequestRunner.cause(of: error)) }
        next(pending.client, at: clock.now)
    }

    /// Schedules the client's next request: now (closed loop) or later (think time, `--rate`).
    private func next(_ client: Int, at now: ContinuousClock.Instant, first: Bool = false) {
        let due = schedule.nextStart(after: now, first: first)
        guard due > now else { return enqueue(client, due: due, at: now) }
        let position = sleeping.firstIndex { $0.due <= due } ?? sleeping.endIndex
        sleeping.insert((client, due), at: position)
    }
}
