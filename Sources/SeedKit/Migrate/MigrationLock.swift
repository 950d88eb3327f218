import Foundation

/// Serializes concurrent `seedctl migrate` runs against one database.
///
/// PostgreSQL: an advisory lock on a connection of its own. Behind a connection pooler it is
/// transaction-scoped (`pg_try_advisory_xact_lock`) and held in a transaction left open until
/// the run ends, as Flyway does since 9.1.2: a session-level lock keeps nothing apart behind a
/// transaction-mode pooler (PgBouncer hands each transaction any server connection, and the
/// lock stays behind on one), while an open transaction pins its server connection, and ending
/// it (or losing the connection) always releases the lock. On a direct connection it is
/// session-level, so that no open transaction makes `CREATE INDEX CONCURRENTLY` in a
/// no-transaction file wait for it forever; its unlock is checked. Polled, so a waiting run can
/// say who holds it and give up after a timeout. SQLite needs no run-level lock: every migration runs in a `BEGIN IMMEDIATE`
/// transaction that re-reads the ledger, which serializes writers.
final class MigrationLock {
    /// The advisory lock key pair: 'seed' and the purpose.
    static let keys: (Int32, Int32) = (0x7365_6564, 1)

    /// The connection the migrations run on, used to describe the holder.
    let connection: any Connection
    /// The lock's own connection while the lock is held.
    private var holding: PostgresConnection?
    /// Whether the lock is transaction-scoped (behind a pooler) rather than session-level.
    private var transactionScoped = false

    init(connection: any Connection) {
        self.connection = connection
    }

    private var keyParameters: [SQLValue] { [.integer(Int64(Self.keys.0)), .integer(Int64(Self.keys.1))] }

    /// Takes the lock, calling `waiting` once with the holder's description if it must wait.
    ///
    /// - Parameter pooled: whether the connection goes through a pooler.
    func acquire(timeout: Double, pooled: Bool, waiting: (String) -> Void) throws {
        guard let postgres = connection as? PostgresConnection else { return }
        let own = try postgres.reopen()
        transactionScoped = pooled
        let deadline = Date().addingTimeInterval(timeout)
        var reported = false
        while true {
            if pooled { try own.execute(script: "BEGIN") }
            let function = pooled ? "pg_try_advisory_xact_lock" : "pg_try_advisory_lock"
            let taken =
                try own.query("SELECT \(function)($1, $2) AS taken", keyParameters).first?["taken"].bool
                ?? false
            if taken {
                holding = own
                return
            }
            if pooled { try own.execute(script: "ROLLBACK") }
            if !reported {
                waiting(try holder())
                reported = true
            }
            if Date() >= deadline {
                throw MigrationError(
                    .lockTimeout,
                    "another migration run (\(try holder())) still holds the lock after \(Int(timeout))s; wait for it or raise --lock-timeout"
                )
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Releases the lock by ending its transaction, and checks that it ended; if it did not,
    /// closing the connection ends it (and the lock) on the server.
    func release() throws {
        guard let own = holding else { return }
        holding = nil
        if transactionScoped {
            try own.execute(script: "ROLLBACK")
        } else {
            let unlocked =
                try own.query("SELECT pg_advisory_unlock($1, $2) AS unlocked", keyParameters).first?[
                    "unlocked"
                ].bool
                ?? false
            guard unlocked else {
                throw MigrationError(
                    .statementFailed,
                    "pg_advisory_unlock found no migration lock to release; closing its connection to be sure"
                )
            }
        }
        let stillHeld =
            try own.query(
                """
                SELECT count(*) AS n FROM pg_catalog.pg_locks
                WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND classid::bigint = $1 AND objid::bigint = $2
                """, keyParameters
            ).first?["n"].int ?? 0
        guard stillHeld == 0 else {
            throw MigrationError(
                .statementFailed,
                "the migration lock was still held after its transaction ended; closing its connection to release it"
            )
        }
    }

    /// Who holds the lock: backend pid, application and client address.
    private func holder() throws -> String {
        let row = try connection.query(
            """
            SELECT a.pid, a.application_name, coalesce(host(a.client_addr), 'local socket') AS client
            FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
              AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 2
            """, keyParameters
        ).first
        guard let row else { return "a run that has just finished" }
        let application = row["application_name"].string ?? ""
        return
            "pid \(row["pid"].int ?? 0), \(application.isEmpty ? "unknown application" : application) from \(row["client"].string ?? "?")"
    }
}
