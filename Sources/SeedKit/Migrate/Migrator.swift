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

    private var ledger: Ledger { Ledger(connection: connection, schema: ledgerSchema) }

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

    // MARK: - Running

    /// Applies one migration with its ledger row; nil when another run got there first.
    private func apply(_ migration: Migration, from start: Int = 0) throws -> Double? {
        try run(migration.up, of: migration, from: start) {
            try ledger.record(migration, durationMs: $0)
        } alreadyDone: {
            try start == 0 && ledger.contains(migration)
        }
    }

    /// Runs a half of a migration and then `record` (with its duration), in one transaction when
    /// the half is transactional; returns the duration in milliseconds, or nil when
    /// `alreadyDone` (checked after the lock, in the transaction) says another run did it.
    ///
    /// SQLite follows its documented procedure for schema changes: foreign keys off for the
    /// transaction, `PRAGMA foreign_key_check` before COMMIT, on again after. PostgreSQL resets
    /// the session (`RESET ALL`) afterwards, so a `SET` in one file does not leak into the next.
    private func run(
        _ script: MigrationScript, of migration: Migration, from start: Int = 0,
        record: (Double) throws -> Void, alreadyDone: () throws -> Bool = { false }
    ) throws -> Double? {
        let clock = ContinuousClock()
        let began = clock.now
        func elapsedMs() -> Double { (clock.now - began).milliseconds }
        defer { resetSession() }
        guard script.runsInTransaction else {
            if try alreadyDone() { return nil }
            try runStatements(script, of: migration, from: start, transactional: false)
            let durationMs = elapsedMs()
            try record(durationMs)
            return durationMs
        }
        let restoreForeignKeys = try suspendForeignKeys()
        defer { if restoreForeignKeys { _ = try? connection.execute(script: "PRAGMA foreign_keys = ON") } }
        return try connection.transaction {
            if try alreadyDone() { return nil }
            try runStatements(script, of: migration, from: 0, transactional: true)
            try checkForeignKeys(script)
            try resetSessionInTransaction()
            let durationMs = elapsedMs()
            try record(durationMs)
            return durationMs
        }
    }

    /// Sends each statement (a COPY with its data block through the COPY protocol).
    private func runStatements(
        _ script: MigrationScript, of migration: Migration, from start: Int, transactional: Bool
    )
        throws
    {
        let statements = script.statements
        var index = start
        while index < statements.count {
            // PostgreSQL, in a transaction: plain statements go in a pipeline, so the run does
            // not wait a round trip per statement (a 50,000-INSERT file).
            if transactional, let postgres = connection as? PostgresConnection {
                var batch: [Int] = []
                while index < statements.count, statements[index].kind == .sql,
                    !(index + 1 < statements.count && statements[index + 1].kind == .copyData)
                {
                    batch.append(index)
                    index += 1
                }
                if !batch.isEmpty,
                    let (failed, error) = try postgres.executePipelined(batch.map { statements[$0].sql })
                {
                    throw failure(
                        script, migration, at: batch[failed], error: error, start: start, transactional: true)
                }
                guard index < statements.count else { break }
            }
            let statement = statements[index]
            let data =
                index + 1 < statements.count && statements[index + 1].kind == .copyData
                ? statements[index + 1] : nil
            do {
                if statement.kind == .sql {
                    if let data {
                        try copy(statement.sql, data: data.sql)
                    } else {
                        try connection.execute(script: statement.sql)
                    }
                }
            } catch let error as DatabaseError {
                throw failure(
                    script, migration, at: index, error: error, start: start, transactional: transactional)
            }
            index += data == nil ? 1 : 2
        }
    }

    private func copy(_ sql: String, data: String) throws {
        guard let postgres = connection as? PostgresConnection else {
            throw DatabaseError(code: .clientError, message: "COPY … FROM stdin needs PostgreSQL", sql: sql)
        }
        try postgres.copy(sql) { writer in try writer.write(data) }
    }

    /// The error for a failed statement; a no-transaction migration that ran some of its
    /// statements is recorded as failed at this one.
    private func failure(
        _ script: MigrationScript, _ migration: Migration, at index: Int, error: DatabaseError, start: Int,
        transactional: Bool
    ) -> MigrationError {
        let statement = script.statements[index]
        let aftermath: String
        if transactional {
            aftermath = "it was rolled back; earlier migrations stay applied"
        } else if index == 0 || script != migration.up {
            aftermath =
                index == 0
                ? "nothing of it ran; fix the file and rerun"
                : "it ran outside a transaction, so the statements before this one stay; fix the file and rerun"
        } else {
            do {
                try ledger.record(
                    migration, durationMs: 0, kind: .failed, failedStatement: index,
                    checksum: Self.prefixChecksum(script, count: index))
                aftermath =
                    "it runs outside a transaction and stopped at statement \(index + 1) of \(script.statements.count), after the ones before it took effect; it is recorded as failed: fix this statement and run 'seedctl migrate resume', or undo the work by hand and run 'seedctl migrate repair \(migration.id)'"
            } catch {
                aftermath =
                    "it runs outside a transaction and stopped at statement \(index + 1); recording that failed too (\(error)); check the database by hand"
            }
        }
        return MigrationError.statementFailed(
            script, statement: statement, error: error, aftermath: aftermath)
    }

    /// The checksum a failed attempt records: of the statements that ran before it stopped.
    static func prefixChecksum(_ script: MigrationScript, count: Int) -> String {
        Migration.sha256(Data(script.statements.prefix(count).map(\.sql).joined(separator: "\n").utf8))
    }

    /// SQLite: turns foreign keys off before the transaction if they are on; returns whether
    /// they must be turned on again.
    private func suspendForeignKeys() throws -> Bool {
        guard connection.dialect == .sqlite else { return false }
        let on = try connection.query("PRAGMA foreign_keys").first?.values.first?.int == 1
        if on { try connection.execute(script: "PRAGMA foreign_keys = OFF") }
        return on
    }

    /// SQLite: refuses to commit a migration that leaves rows violating a foreign key.
    private func checkForeignKeys(_ script: MigrationScript) throws {
        guard connection.dialect == .sqlite else { return }
        let violations = try connection.query("PRAGMA foreign_key_check")
        guard let first = violations.first else { return }
        let described = violations.prefix(3).map { row in
            "\(row["table"].string ?? "?") rowid \(row["rowid"].string ?? "?") → \(row["parent"].string ?? "?")"
        }.joined(separator: ", ")
        throw MigrationError(
            .statementFailed,
            "\(script.path): leaves \(violations.count) row(s) violating foreign keys (\(described)\(violations.count > 3 ? ", …" : "")) — it was rolled back; fix the migration so that table \(first["table"].string ?? "?") keeps valid references"
        )
    }

    /// PostgreSQL: the same inside the migration's transaction, so that it commits with it (a
    /// transaction-mode pooler may send the next statement to another server connection).
    private func resetSessionInTransaction() throws {
        guard connection.dialect == .postgres else { return }
        try connection.execute(script: "RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION")
    }

    /// PostgreSQL: back to the session state the run started with.
    private func resetSession() {
        guard connection.dialect == .postgres else { return }
        _ = try? connection.execute(script: "RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION")
    }

    // MARK: - Checks

    private func locked<T>(timeout: Double, onEvent: (Event) -> Void, _ body: () throws -> T) throws -> T {
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

    private func pending(_ plan: [Migration], _ statuses: [MigrationStatus], through lastIndex: Int)
        -> [Migration]
    {
        guard lastIndex >= 0 else { return [] }
        return plan[...lastIndex].enumerated().filter { statuses[$0.offset].state == .pending }.map(\.element)
    }

    private func refuseUnrunnable(_ migrations: [Migration], reverting: Bool = false) throws {
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
        let server = try connection.query("SELECT pg_backend_pid() AS pid").first?["pid"].int.map { Int($0) }
        guard let server, server != postgres.backendPID else { return nil }
        return "libpq's backend pid \(postgres.backendPID) is not the server's \(server)"
    }

    private func refuseDrift(_ statuses: [MigrationStatus]) throws {
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
    private func index(of target: String, in plan: [Migration]) throws -> Int {
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
