import SeedKit

/// Times a seed run's phases from its events: each phase lasts from its event to the next
/// phase's, the tables from the first table's start to the next phase, the last phase
/// (committing) to the end of the run. What came before the first event (connecting, readiness
/// checks, dropping keys and indexes) is `preparing`.
final class SeedPhaseClock {
    struct Phase: Encodable {
        let phase: String
        var seconds: Double
    }

    private(set) var phases: [Phase] = []
    private var current = "preparing"
    private var started = ContinuousClock.now

    func handle(_ event: SeedEvent) {
        switch event {
        case .phase(let name): begin(name)
        case .tableStarted where current != "loading tables": begin("loading tables")
        default: break
        }
    }

    /// Ends the last phase; returns every phase in order.
    func finish() -> [Phase] {
        begin("")
        return phases
    }

    private func begin(_ name: String) {
        let now = ContinuousClock.now
        phases.append(Phase(phase: current, seconds: (now - started).seconds))
        current = name
        started = now
    }
}
