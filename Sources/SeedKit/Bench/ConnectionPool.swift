import Foundation

/// A bounded pool of database connections shared by many client threads, like an application
/// server's: at most `size` connections, each used by one thread at a time; waiting for one is
/// measured apart from the query.
///
/// All `size` connections are opened up front, so a bad URL fails in `init`. A connection lost
/// in use (an error whose code `isConnectionLoss`) is discarded and its slot left empty; the next
/// borrower of that slot reconnects, outside the lock, with backoff (50 ms doubling up to 2 s)
/// while reconnecting keeps failing. A failed reconnect is thrown to that borrower, so a bench
/// counts every error of a server restart, and the slot stays in the pool for the next one.
///
/// `@unchecked Sendable` is safe because all mutable state (the free slots, the replacement
/// count, the closed flag) is read and written only while holding one `NSCondition`, and a
/// connection is handed to exactly one borrower at a time: it leaves the free list under the
/// lock, is used only by the borrowing thread inside `withConnection`, and returns under the
/// lock. Connections themselves are not `Sendable` and never cross threads concurrently.
final class ConnectionPool: @unchecked Sendable {
    /// A slot not currently borrowed: an open connection, or an empty one awaiting reconnection.
    private enum Slot {
        case ready(any Connection)
        case empty(failures: Int, retryAt: UInt64)
    }

    private let url: DatabaseURL
    /// Runs on every connection the pool opens (bench: SQLite's `PRAGMA query_only = ON`).
    private let setUp: @Sendable (any Connection) throws -> Void
    private let condition = NSCondition()
    private var free: [Slot] = []
    private var replacementCount = 0
    private var closed = false

    /// Opens `size` connections to `url` (at least one), each passed to `setUp` once opened.
    init(url: DatabaseURL, size: Int, setUp: @escaping @Sendable (any Connection) throws -> Void = { _ in })
        throws
    {
        guard size >= 1 else {
            throw ConfigurationError("connection pool size must be at least 1, not \(size)")
        }
        self.url = url
        self.setUp = setUp
        free = try (0..<size).map { _ in
            let connection = try url.connect()
            try setUp(connection)
            return .ready(connection)
        }
    }

    /// Runs `body` with a connection; returns its result and the seconds spent waiting for the connection.
    ///
    /// Blocks while every connection is borrowed. The connection belongs to the calling thread
    /// until `body` returns and must not escape it. Waiting includes reconnecting a lost slot.
    func withConnection<T>(_ body: (any Connection) throws -> T) throws -> (value: T, waitSeconds: Double) {
        let start = Self.now()
        let connection: any Connection
        switch try checkOut() {
        case .ready(let open):
            connection = open
        case .empty(let failures, let retryAt):
            let now = Self.now()
            if retryAt > now { Thread.sleep(forTimeInterval: Double(retryAt - now) / 1e9) }
            do {
                connection = try url.connect()
                try setUp(connection)
            } catch {
                let next = failures + 1
                checkIn(
                    .empty(
                        failures: next,
                        retryAt: Self.now() + Self.reconnectDelayNanos(afterFailures: failures)))
                throw error
            }
            condition.withLock { replacementCount += 1 }
        }
        let waitSeconds = Double(Self.now() - start) / 1e9
        do {
            let value = try body(connection)
            checkIn(.ready(connection))
            return (value, waitSeconds)
        } catch let error as DatabaseError where error.code.isConnectionLoss {
            checkIn(.empty(failures: 0, retryAt: Self.now()))
            throw error
        } catch {
            checkIn(.ready(connection))
            throw error
        }
    }

    /// Connections replaced after being lost.
    var replacements: Int {
        condition.withLock { replacementCount }
    }

    /// Closes the idle connections now and the borrowed ones as they come back; later calls to
    /// `withConnection`, and those still waiting, throw.
    func close() {
        condition.withLock {
            closed = true
            free.removeAll()
            condition.broadcast()
        }
    }

    /// Takes a free slot, waiting while there is none: an empty slot due for reconnection first,
    /// so a lost connection is replaced promptly; then an open connection; then the empty slot
    /// whose backoff ends soonest.
    private func checkOut() throws -> Slot {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if closed {
                throw DatabaseError(code: .clientError, message: "the connection pool is closed")
            }
            let now = Self.now()
            let index =
                free.firstIndex { if case .empty(_, let retryAt) = $0 { retryAt <= now } else { false } }
                ?? free.firstIndex { if case .ready = $0 { true } else { false } }
                ?? free.indices.min { Self.retryAt(free[$0]) < Self.retryAt(free[$1]) }
            if let index { return free.remove(at: index) }
            condition.wait()
        }
    }

    /// Returns a slot to the pool and wakes one waiter; after `close()` the slot is dropped.
    private func checkIn(_ slot: Slot) {
        condition.withLock {
            guard !closed else { return }
            free.append(slot)
            condition.signal()
        }
    }

    private static func retryAt(_ slot: Slot) -> UInt64 {
        if case .empty(_, let retryAt) = slot { retryAt } else { 0 }
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// How long to wait before reconnecting after `failures` failed attempts: 50 ms, doubling
    /// up to 2 s. The PostgreSQL event loops use the same backoff.
    static func reconnectDelayNanos(afterFailures failures: Int) -> UInt64 {
        min(50_000_000 << UInt64(min(failures, 6)), 2_000_000_000)
    }
}
