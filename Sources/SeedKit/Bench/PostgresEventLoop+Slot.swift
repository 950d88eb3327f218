/// The state an event loop keeps per request and per pooled connection.
extension PostgresEventLoop {
    /// A request waiting for a connection or running on one: integers only, so holding and
    /// moving many costs no reference counting.
    struct Pending {
        let client: Int
        let query: Int
        /// Its values are the workload's draw `draw` for `query`.
        let draw: Int
        /// Latency counts from here: the scheduled start with `--rate`, else when sent.
        let start: UInt64
        let enqueued: UInt64
        let measuring: Bool
    }

    enum Step { case idle, begin, prepare, statement, end, down }

    /// One pooled connection and the request on it.
    struct Slot {
        var connection: PostgresConnection?
        var step = Step.idle
        var pending: Pending?
        var stepStarted: UInt64 = 0
        var waitNanos: UInt64 = 0
        var statementNanos: UInt64 = 0
        /// The request's first error, and the current step's.
        var failure: DatabaseError?
        var stepError: DatabaseError?
        /// While down: failed reconnects so far, and when to try again.
        var failures = 0
        var retryAt: UInt64 = 0
        /// Whether each read must mark its transaction read-only (behind a pooler); else the
        /// connection's session default makes it so.
        var markReads = false
        /// Which queries are prepared on this connection, by query index.
        var prepared: [Bool]
    }
}
