/// Adopting and recovering: baseline a database built another way, resume or forget a
/// no-transaction migration that stopped part-way.
extension Migrator {
    /// Records every migration up to `target` as applied without running it (`baselined`), to
    /// adopt a database built by another tool or by hand.
    @discardableResult
    public func baseline(_ target: String, lockTimeout: Double = 60, onEvent: (Event) -> Void = { _ in })
        throws
        -> [Migration]
    {
        let plan = try source.plan(for: connection.dialect)
        let lastIndex = try index(of: target, in: plan)
        return try locked(timeout: lockTimeout, onEvent: onEvent) {
            try ledger.create()
            let statuses = MigrationStatus.compare(plan: plan, ledger: try ledger.entries())
            try refuseDrift(statuses)
            let pending = pending(plan, statuses, through: lastIndex)
            try connection.transaction {
                for migration in pending { try ledger.record(migration, durationMs: 0, kind: .baselined) }
            }
            for migration in pending { onEvent(.baselined(migration)) }
            return pending
        }
    }

    /// Forgets the failed attempt of a no-transaction migration, so that the next `migrate`
    /// runs it from its first statement (after the user undid or finished its work by hand).
    public func repair(_ target: String, lockTimeout: Double = 60) throws -> Migration {
        let plan = try source.plan(for: connection.dialect)
        let migration = plan[try index(of: target, in: plan)]
        return try locked(timeout: lockTimeout) { _ in
        } _: {
            guard let entry = try ledger.entry(migration), entry.kind == .failed else {
                throw MigrationError(
                    .refused,
                    "\(migration.label) has no failed attempt to repair; 'migrate repair' only forgets a no-transaction migration that stopped part-way (use 'migrate down' to revert an applied one)"
                )
            }
            try ledger.forget(migration)
            return migration
        }
    }

    /// Continues the failed no-transaction migration from the statement it stopped at, after
    /// checking that the statements before it are unchanged; then applies nothing else.
    @discardableResult
    public func resume(lockTimeout: Double = 60, onEvent: (Event) -> Void = { _ in }) throws -> Migration {
        let plan = try source.plan(for: connection.dialect)
        return try locked(timeout: lockTimeout, onEvent: onEvent) {
            let entries = try ledger.entries()
            guard let entry = entries.first(where: { $0.kind == .failed }) else {
                throw MigrationError(
                    .refused,
                    "no failed migration to resume; 'seedctl migrate status' shows every migration's state")
            }
            guard
                let migration = plan.first(where: { $0.module == entry.module && $0.version == entry.version }
                )
            else {
                throw MigrationError(
                    .drift,
                    "the failed migration \(entry.module)/\(Migration.display(entry.version)) has no file any more; restore it, or run 'seedctl migrate repair' after undoing its work"
                )
            }
            let start = entry.failedStatement ?? 0
            guard start <= migration.up.statements.count,
                Self.prefixChecksum(migration.up, count: start) == entry.checksum
            else {
                throw MigrationError(
                    .drift,
                    "\(migration.path): the statements before the one \(migration.label) stopped at changed since it ran; restore them, or undo its work by hand and run 'seedctl migrate repair \(migration.id)'"
                )
            }
            try refuseUnrunnable([migration])
            onEvent(.applying(migration))
            let durationMs = try apply(migration, from: start) ?? 0
            onEvent(.applied(migration, durationMs: durationMs))
            return migration
        }
    }
}
