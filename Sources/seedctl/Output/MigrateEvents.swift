import SeedKit

/// How the migrate subcommands print a run's progress.
enum MigrateEvents {
    static func print(_ event: Migrator.Event) {
        switch event {
        case .waitingForLock(let holder):
            Terminal.note("waiting for another migration run to finish (\(holder)) …")
        case .applying:
            break
        case .applied(let migration, let durationMs):
            Terminal.line("  applied  \(migration.label)  \(Terminal.duration(ms: durationMs))")
        case .skipped(let migration):
            Terminal.line("  skipped  \(migration.label) (applied meanwhile by another run)")
        case .reverted(let migration, let durationMs):
            Terminal.line("  reverted \(migration.label)  \(Terminal.duration(ms: durationMs))")
        case .baselined(let migration):
            Terminal.line("  baselined \(migration.label)")
        }
    }
}
