import Foundation

/// The thread one PostgreSQL event loop runs on. It opens the loop's connections itself, as
/// pgbench's threads do, after binding itself to its CPU when the run has one (`CPUBinding`):
/// the kernel then wakes each backend of a local server on the core of the loop that sends it
/// work, so a loop and its backends share a core and no request crosses cores. It waits with
/// its connections open until the run starts (or is called off), then runs its loop.
///
/// `@unchecked Sendable`: `opened` and `failure` are written by the thread before it signals
/// `connected` and read by the caller after waiting for it; `loop` is written by the caller
/// before it signals `started` and read by the thread after that.
final class EventLoopThread: @unchecked Sendable {
    private let connected = DispatchSemaphore(value: 0)
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var opened: [PostgresConnection] = []
    private var failure: (any Error)?
    private var loop: PostgresEventLoop?
    private var startedOnce = false

    /// Starts the thread, which binds itself to `cpu` (when given) and opens `count`
    /// connections with `open`, stopping at the first that fails.
    init(cpu: Int32?, connections count: Int, open: @escaping @Sendable () throws -> PostgresConnection) {
        Thread { [self] in
            if let cpu { CPUBinding.bindCurrentThread(to: cpu) }
            do {
                for _ in 0..<count { opened.append(try open()) }
            } catch {
                failure = error
            }
            connected.signal()
            started.wait()
            loop?.run()
            loop = nil
            opened = []
            finished.signal()
        }.start()
    }

    /// Waits until the thread has opened its connections: those it opened, and the error that
    /// stopped it, if one did.
    func waitUntilConnected() -> (connections: [PostgresConnection], failure: (any Error)?) {
        connected.wait()
        return (opened, failure)
    }

    /// Runs `loop` on the thread; nil ends the thread without running, closing its connections.
    /// Only the first call counts.
    func start(_ loop: PostgresEventLoop?) {
        guard !startedOnce else { return }
        startedOnce = true
        self.loop = loop
        started.signal()
    }

    /// Waits until the thread has ended (after `start`).
    func waitUntilFinished() {
        finished.wait()
    }
}
