import Foundation

/// Applies a migrations folder to a database, one transaction per migration, recording each in
/// the ledger.
public struct Migrator {
    /// What a run should do.
    public struct Options: Sendable {
        /// Stop after this migration (`module/version`), or apply everything.
        public var target: String?
        /// Report the plan and apply nothing.
        public var dryRun: Bool
        /// Seconds to wait for a concurrent run's lock.
        public var lockTimeout: Double

        public init(target: String? = nil, dryRun: Bool = false, lockTimeout: Double = 60) {
            self.target = target
            self.dryRun = dryRun
            self.lockTimeout = lockTimeout
        }
    }

    /// Progress a run reports as it goes.
    public enum Event {
        case waitingForLock(holder: String)
        case applying(Migration)
        case applied(Migration, durationMs: Double)
        /// Another run applied it while this one waited.
        case skipped(Migration)
    }

    /// The source of migrations.
    public let source: MigrationSource
    /// The database.
    public let connection: any Connection

    public init(source: MigrationSource, connection: any Connection) {
        self.source = source
        self.connection = connection
    }

    /// Every migration's state, files in plan order, then ledger rows without a file.
    public func status() throws -> [MigrationStatus] {
        MigrationStatus.compare(
            plan: try source.plan(for: connection.dialect),
            ledger: try Ledger(connection: connection).entries())
    }

    /// Applies pending migrations (or, with `dryRun`, returns them) in plan order.
    ///
    /// Refuses before applying anything when applied files changed or vanished, or when a
    /// pending file would run out of order.
    @discardableResult
    public func migrate(_ options: Options = Options(), onEvent: (Event) -> Void = { _ in }) throws
        -> [Migration]
    {
        let plan = try source.plan(for: connection.dialect)
        let lastIndex = try options.target.map { try index(of: $0, in: plan) } ?? plan.count - 1
        let ledger = Ledger(connection: connection)
        if options.dryRun {
            let statuses = MigrationStatus.compare(plan: plan, ledger: try ledger.entries())
            try refuseDrift(statuses)
            return pending(plan, statuses, through: lastIndex)
        }
        let lock = MigrationLock(connection: connection)
        try lock.acquire(timeout: options.lockTimeout) { onEvent(.waitingForLock(holder: $0)) }
        defer { lock.release() }
        try ledger.create()
        let statuses = MigrationStatus.compare(plan: plan, ledger: try ledger.entries())
        try refuseDrift(statuses)
        var applied: [Migration] = []
        for migration in pending(plan, statuses, through: lastIndex) {
            onEvent(.applying(migration))
            if let durationMs = try apply(migration, ledger: ledger) {
                applied.append(migration)
                onEvent(.applied(migration, durationMs: durationMs))
            } else {
                onEvent(.skipped(migration))
            }
        }
        return applied
    }

    /// Applies one migration with its ledger row; nil when another run got there first.
    private func apply(_ migration: Migration, ledger: Ledger) throws -> Double? {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsedMs() -> Double {
            (clock.now - start).milliseconds
        }
        guard migration.runsInTransaction else {
            if try ledger.contains(migration) { return nil }
            for statement in StatementSplitter.split(migration.sql) {
                do {
                    try connection.execute(script: statement.sql)
                } catch let error as DatabaseError {
                    throw MigrationError.statementFailed(
                        migration, error: error, statementOffset: statement.offset, transactional: false)
                }
            }
            let durationMs = elapsedMs()
            try ledger.record(migration, durationMs: durationMs)
            return durationMs
        }
        return try connection.transaction {
            if try ledger.contains(migration) { return nil }
            do {
                try connection.execute(script: migration.sql)
            } catch let error as DatabaseError {
                throw MigrationError.statementFailed(migration, error: error, transactional: true)
            }
            let durationMs = elapsedMs()
            try ledger.record(migration, durationMs: durationMs)
            return durationMs
        }
    }

    private func pending(_ plan: [Migration], _ statuses: [MigrationStatus], through lastIndex: Int)
        -> [Migration]
    {
        guard lastIndex >= 0 else { return [] }
        return plan[...lastIndex].enumerated().filter { statuses[$0.offset].state == .pending }.map(\.element)
    }

    private func refuseDrift(_ statuses: [MigrationStatus]) throws {
        let problems = statuses.filter(\.state.isProblem)
        guard !problems.isEmpty else { return }
        let listed = problems.prefix(3).map { "\($0.path ?? $0.id) (\($0.state.rawValue))" }.joined(
            separator: ", ")
        let more = problems.count > 3 ? " and \(problems.count - 3) more" : ""
        throw MigrationError(
            .drift,
            "migrations do not match the database: \(listed)\(more); applied files must not be edited — restore them and add a new migration instead (see 'seedctl migrate status')"
        )
    }

    /// The plan index of `module/version` (version with or without zero padding or name).
    private func index(of target: String, in plan: [Migration]) throws -> Int {
        let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
        let version = parts.count == 2 ? Int(parts[1].prefix { $0.isNumber }) : nil
        guard parts.count == 2, let version,
            let index = plan.firstIndex(where: { $0.module == parts[0] && $0.version == version })
        else {
            throw MigrationError(
                .unknownTarget,
                "--to '\(target)' names no migration; use MODULE/VERSION as listed by 'seedctl migrate status', e.g. design/0001"
            )
        }
        return index
    }
}
