import Foundation

/// Stops a running bench from outside (Ctrl-C, SIGTERM): the run ends as at its deadline, and
/// its figures cover the time measured so far, marked `interrupted`.
///
/// `@unchecked Sendable`: every field is read and written under `lock`.
public final class BenchInterrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var schedule: BenchSchedule?
    private var reason: String?

    public init() {}

    /// Asks the run to stop; returns false when it had been asked already.
    @discardableResult
    public func stop(because reason: String) -> Bool {
        lock.withLock {
            guard self.reason == nil else { return false }
            self.reason = reason
            schedule?.stop(because: reason)
            return true
        }
    }

    /// Whether the run was asked to stop.
    public var isStopped: Bool { lock.withLock { reason != nil } }

    /// Called by the runner once the schedule exists; a stop asked for earlier applies at once.
    func attach(_ schedule: BenchSchedule) {
        lock.withLock {
            self.schedule = schedule
            if let reason { schedule.stop(because: reason) }
        }
    }
}
