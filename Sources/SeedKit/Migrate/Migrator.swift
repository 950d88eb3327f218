import Foundation

/// Applies a migrations folder to a database, one transaction per migration, recording each in
/// the ledger; reverts, baselines and recovers half-applied no-transaction migrations.
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
        case reverted(Migration, durationMs: Double)
        case baselined(Migration)
    }

    /// The source of migrations.
    public let source: MigrationSource
    /// The database.
    public let connection: any Connection
    /// Where the ledger lives on PostgreSQL.
    public let ledgerSchema: String

    public init(source: MigrationSource, connection: any Connection, ledgerSchema: String = "public") {
        self.source = source
        self.connection = connection
        self.ledgerSchema = ledgerSchema
    }

    var ledger: Ledger { Ledger(connection: connection, schema: ledgerSchema) }

    /// Every migration's state, files in plan order, then ledger rows without a file.
    public func status() throws -> [MigrationStatus] {
        MigrationStatus.compare(plan: try source.plan(for: connection.dialect), ledger: try ledger.entries())
    }

    /// Applies pending migrations (or, with `dryRun`, returns them) in plan order.
    ///
    /// Refuses before applying anything when applied files changed or vanished, when a pending
    /// file would run out of order, when a no-transaction migration failed part-way, or when a
    /// pending file cannot run (empty, meta-commands …).
    @discardableResult
    public func migrate(_ options: Options = Options(), onEvent: (Event) -> Void = { _ in }) throws
        -> [Migration]
    {
        let plan = try source.plan(for: connection.dialect)
        let lastIndex = try options.target.map { try index(of: $0, in: plan) } ?? plan.count - 1
        if options.dryRun {
            let statuses = MigrationStatus.compare(plan: plan, ledger: try ledger.entries())
            try refuseDrift(statuses)
            let pending = pending(plan, statuses, through: lastIndex)
            try refuseUnrunnable(pending)
            return pending
        }
        return try locked(timeout: options.lockTimeout, onEvent: onEvent) {
            try ledger.create()
            let statuses = MigrationStatus.compare(plan: plan, ledger: try ledger.entries())
            try refuseDrift(statuses)
            let pending = pending(plan, statuses, through: lastIndex)
            try refuseUnrunnable(pending)
            var applied: [Migration] = []
            for migration in pending {
                onEvent(.applying(migration))
                if let durationMs = try apply(migration) {
                    applied.append(migration)
                    onEvent(.applied(migration, durationMs: durationMs))
                } else {
                    onEvent(.skipped(migration))
                }
            }
            return applied
        }
    }

    // MARK: - Checks

    func locked<T>(timeout: Double, onEvent: (Event) -> Void, _ body: () throws -> T) throws -> T {
        let lock = MigrationLock(connection: connection)
        try lock.acquire(timeout: timeout, pooled: try poolerDescription() != nil) {
            onEvent(.waitingForLock(holder: $0))
        }
        do {
            let result = try body()
            try lock.release()
            return result
        } catch let error as DatabaseError where error.code == .sqlite("BUSY") {
            throw MigrationError(
                .lockTimeout,
                "another process still holds the SQLite write lock of \(connection.displayName) after \(Int(timeout))s (\(error.message)); wait for it or raise --lock-timeout",
                underlying: error)
        } catch {
            try? lock.release()
            throw error
        }
    }

    func pending(_ plan: [Migration], _ statuses: [MigrationStatus], through lastIndex: Int)
        -> [Migration]
    {
        guard lastIndex >= 0 else { return [] }
        return plan[...lastIndex].enumerated().filter { statuses[$0.offset].state == .pending }.map(\.element)
    }

    func refuseUnrunnable(_ migrations: [Migration], reverting: Bool = false) throws {
        if let refused = migrations.first(where: { $0.refusal != nil }), let refusal = refused.refusal {
            throw MigrationError(.refused, "\(refusal); nothing was applied")
        }
        let outside = migrations.first { (reverting ? $0.down : $0.up)?.runsInTransaction == false }
        if let outside, let pooler = try poolerDescription() {
            throw MigrationError(
                .refused,
                "\(outside.path): \(outside.label) runs outside a transaction, and this connection goes through a connection pooler (\(pooler)), where its statements could land on different server connections and the lock cannot cover them; run it with a direct or session-mode URL (the server's own host and port, not PgBouncer's transaction-mode one); nothing was applied"
            )
        }
    }

    /// PostgreSQL: how the connection's pid differs from the server's when a pooler sits in
    /// between (`PQbackendPID` is the pooler's), nil on a direct connection.
    private func poolerDescription() throws -> String? {
        guard let postgres = connection as? PostgresConnection else { return nil }
        guard let server = try postgres.serverBackendPID(), server != postgres.backendPID else { return nil }
        return "libpq's backend pid \(postgres.backendPID) is not the server's \(server)"
    }

    func refuseDrift(_ statuses: [MigrationStatus]) throws {
        let problems = statuses.filter(\.state.isProblem)
        guard let first = problems.first else { return }
        let listed = problems.prefix(3).map { "\($0.path ?? $0.id) (\($0.state.rawValue))" }.joined(
            separator: ", ")
        let more = problems.count > 3 ? " and \(problems.count - 3) more" : ""
        let advice: String =
            switch first.state {
            case .failed:
                "a no-transaction migration stopped part-way: fix it and run 'seedctl migrate resume', or undo its work and run 'seedctl migrate repair \(first.id)'"
            case .outOfOrder:
                "a pending file has a lower version than one already applied in its module; give it a version after the applied ones (it has not run)"
            case .missing:
                "an applied migration's file is gone; restore it"
            default:
                "applied files must not be edited — restore them and add a new migration instead"
            }
        throw MigrationError(
            .drift,
            "migrations do not match the database: \(listed)\(more); \(advice) (see 'seedctl migrate status')"
        )
    }

    /// The plan index of `module/version` (version with or without zero padding or name).
    func index(of target: String, in plan: [Migration]) throws -> Int {
        let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
        let version = parts.count == 2 ? Int(parts[1].prefix { $0.isNumber }) : nil
        guard parts.count == 2, let version,
            let index = plan.firstIndex(where: { $0.module == parts[0] && $0.version == version })
        else {
            throw MigrationError(
                .unknownTarget,
                "'\(target)' names no migration; use MODULE/VERSION as listed by 'seedctl migrate status', e.g. design/0001"
            )
        }
        return index
    }
}
