import Foundation

/// Serializes concurrent `seedctl migrate` runs against one database.
///
/// PostgreSQL: a session-level advisory lock, polled so a waiting run can say who holds it and
/// give up after a timeout. SQLite needs no run-level lock: every migration runs in a
/// `BEGIN IMMEDIATE` transaction that re-reads the ledger, which serializes writers.
struct MigrationLock {
    /// The advisory lock key pair: 'seed' and the purpose.
    static let keys: (Int32, Int32) = (0x7365_6564, 1)

    let connection: any Connection

    /// Takes the lock, calling `waiting` once with the holder's description if it must wait.
    func acquire(timeout: Double, waiting: (String) -> Void) throws {
        guard connection.dialect == .postgres else { return }
        let deadline = Date().addingTimeInterval(timeout)
        var reported = false
        while true {
            let taken =
                try connection.query(
                    "SELECT pg_try_advisory_lock($1, $2) AS taken",
                    [.integer(Int64(Self.keys.0)), .integer(Int64(Self.keys.1))]
                ).first?["taken"].bool ?? false
            if taken { return }
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

    /// Releases the lock (closing the connection would too).
    func release() {
        guard connection.dialect == .postgres else { return }
        _ = try? connection.query(
            "SELECT pg_advisory_unlock($1, $2)", [.integer(Int64(Self.keys.0)), .integer(Int64(Self.keys.1))])
    }

    /// Who holds the lock: backend pid, application and client address.
    private func holder() throws -> String {
        let row = try connection.query(
            """
            SELECT a.pid, a.application_name, coalesce(host(a.client_addr), 'local socket') AS client
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 2
            """, [.integer(Int64(Self.keys.0)), .integer(Int64(Self.keys.1))]
        ).first
        guard let row else { return "a run that has just finished" }
        let application = row["application_name"].string ?? ""
        return
            "pid \(row["pid"].int ?? 0), \(application.isEmpty ? "unknown application" : application) from \(row["client"].string ?? "?")"
    }
}
