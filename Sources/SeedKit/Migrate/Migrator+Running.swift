import Foundation

/// Running one half of a migration: in a transaction with its ledger row (statements pipelined
/// on PostgreSQL, COPY data, SQLite's foreign-key check, the session reset), or statement by
/// statement with a failed row when a no-transaction half stops part-way.
extension Migrator {
    /// Applies one migration with its ledger row; nil when another run got there first.
    func apply(_ migration: Migration, from start: Int = 0) throws -> Double? {
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
    func run(
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
}
