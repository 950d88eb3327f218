import Foundation

/// When clients run and when their requests are due, shared by every client of a run: the
/// warm-up and measured window, stages (how many clients run at each moment), the pace (closed
/// loop with think time, or `--rate` tickets on a fixed schedule), the `--transactions` budget
/// and the stop flag.
///
/// `@unchecked Sendable`: the ticket counter, the budget and the stop reason are read and
/// written only under `lock`; everything else is immutable.
final class BenchSchedule: @unchecked Sendable {
    let start: ContinuousClock.Instant
    /// Requests that finish before this are warm-up and not recorded.
    let measureFrom: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    private let settings: BenchSettings
    private let lock = NSLock()
    private var nextTicket = 0
    private var remaining: Int?
    private var stopReason: String?
    private var stopped = false

    init(settings: BenchSettings, start: ContinuousClock.Instant = .now) {
        self.settings = settings
        self.start = start
        let warmup = settings.stages.isEmpty ? settings.warmup : 0
        measureFrom = start + .seconds(warmup)
        deadline =
            settings.transactions == nil
            ? measureFrom + .seconds(settings.measuredSeconds) : .now + .seconds(365 * 86_400)
        remaining = settings.transactions
    }

    /// Whether client `client` (0-based) runs at `now`: all clients, or the stages' count.
    func isActive(_ client: Int, at now: ContinuousClock.Instant) -> Bool {
        guard !settings.stages.isEmpty else { return true }
        return client < BenchStage.clients(at: (now - measureFrom).seconds, in: settings.stages)
    }

    /// Clients running at `now`.
    func activeClients(at now: ContinuousClock.Instant) -> Int {
        settings.stages.isEmpty
            ? settings.clients : BenchStage.clients(at: (now - measureFrom).seconds, in: settings.stages)
    }

    /// When a client that became free at `now` starts its next request: at once (closed loop,
    /// after the think time), or at the next `--rate` ticket's time, which may be in the past
    /// when requests are falling behind; latency then counts from that time.
    /// A client's `first` request (or its first after a stage woke it) has no think time.
    func nextStart(after now: ContinuousClock.Instant, first: Bool = false) -> ContinuousClock.Instant {
        guard let rate = settings.rate, rate > 0 else {
            return first ? now : now + .seconds(settings.thinkTime)
        }
        let ticket = lock.withLock {
            defer { nextTicket += 1 }
            return nextTicket
        }
        return start + .seconds(Double(ticket) / rate)
    }

    /// Whether requests are paced by `--rate` (latency from the scheduled start).
    var isOpenLoop: Bool { settings.rate != nil }
    var thinkTime: Double { settings.thinkTime }
    var hasStages: Bool { !settings.stages.isEmpty }
    /// Whether a `--transactions` budget limits the run (else `take()` always succeeds).
    var hasBudget: Bool { settings.transactions != nil }

    /// Takes one measured request from the `--transactions` budget; false when it is spent.
    func take() -> Bool {
        lock.withLock {
            guard let left = remaining else { return true }
            guard left > 0 else {
                stopped = true
                return false
            }
            remaining = left - 1
            return true
        }
    }

    /// True once the run is over: the deadline passed, the budget is spent or `stop` was called.
    func isOver(at now: ContinuousClock.Instant) -> Bool {
        now >= deadline || lock.withLock { stopped }
    }

    /// Ends the run early (e.g. `--abort-on-fail`), keeping the first reason.
    func stop(because reason: String) {
        lock.withLock {
            if stopReason == nil { stopReason = reason }
            stopped = true
        }
    }

    /// Why the run was stopped early, if it was.
    var abortReason: String? { lock.withLock { stopReason } }
}
