/// `migrate down`: reverting applied migrations through their down sections.
extension Migrator {
    /// What `migrate down` should revert.
    public struct DownOptions: Sendable {
        /// How many applied migrations to revert (1 when neither this nor `target` is given).
        public var steps: Int?
        /// Revert every applied migration planned after this one (`module/version`), keeping it.
        public var target: String?
        /// Report what would be reverted and change nothing.
        public var dryRun: Bool
        /// Seconds to wait for a concurrent run's lock.
        public var lockTimeout: Double

        public init(steps: Int? = nil, target: String? = nil, dryRun: Bool = false, lockTimeout: Double = 60)
        {
            self.steps = steps
            self.target = target
            self.dryRun = dryRun
            self.lockTimeout = lockTimeout
        }
    }

    /// Reverts applied migrations newest first (reverse plan order, so dependents before what
    /// they require), each in its own transaction with its ledger row removed.
    ///
    /// Refuses before changing anything when one of them has no down section, naming it.
    @discardableResult
    public func down(_ options: DownOptions = DownOptions(), onEvent: (Event) -> Void = { _ in }) throws
        -> [Migration]
    {
        let plan = try source.plan(for: connection.dialect)
        let keepThrough = try options.target.map { try index(of: $0, in: plan) }
        func chosen(_ statuses: [MigrationStatus]) throws -> [Migration] {
            try refuseDrift(statuses)
            var applied = zip(plan, statuses).filter { $0.1.state.isApplied }.map(\.0)
            if let keepThrough {
                applied = Array(plan[(keepThrough + 1)...]).filter { candidate in applied.contains(candidate)
                }
            }
            var reverting = Array(applied.reversed())
            if keepThrough == nil { reverting = Array(reverting.prefix(options.steps ?? 1)) }
            for migration in reverting where migration.down == nil {
                throw MigrationError(
                    .refused,
                    "\(migration.path): \(migration.label) has no down section, so it cannot be reverted; add one (-- seedctl:down) or stop before it with --to; nothing was reverted"
                )
            }
            try refuseUnrunnable(reverting, reverting: true)
            return reverting
        }
        if options.dryRun {
            return try chosen(MigrationStatus.compare(plan: plan, ledger: try ledger.entries()))
        }
        return try locked(timeout: options.lockTimeout, onEvent: onEvent) {
            guard try ledger.exists() else { return [] }
            try ledger.create()
            var reverted: [Migration] = []
            for migration in try chosen(MigrationStatus.compare(plan: plan, ledger: try ledger.entries())) {
                guard let down = migration.down else { continue }
                let durationMs = try run(down, of: migration) { _ in try ledger.forget(migration) } ?? 0
                reverted.append(migration)
                onEvent(.reverted(migration, durationMs: durationMs))
            }
            return reverted
        }
    }
}
