import Synchronization

/// The connections a PostgreSQL run holds open, and how many it replaced after losing them,
/// readable while the run goes on (live metrics). Changed only when a connection is lost or
/// reopened, never per request.
final class BenchConnectionCount: Sendable {
    private let openCount: Atomic<Int>
    private let reconnectCount = Atomic<Int>(0)

    init(open: Int) {
        openCount = Atomic(open)
    }

    /// Connections open now.
    var open: Int { openCount.load(ordering: .relaxed) }
    /// Connections replaced so far.
    var reconnects: Int { reconnectCount.load(ordering: .relaxed) }

    func lost() { openCount.subtract(1, ordering: .relaxed) }

    func reopened() {
        openCount.add(1, ordering: .relaxed)
        reconnectCount.add(1, ordering: .relaxed)
    }
}
