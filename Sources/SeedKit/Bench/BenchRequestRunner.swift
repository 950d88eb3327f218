import Foundation

/// Runs one request on a borrowed connection: a read as it is, on a connection whose pool set
/// SQLite's `PRAGMA query_only = ON` (`readOnlyOn`), so a read that writes fails; a write inside
/// a transaction that is rolled back (or committed with `--commit-writes`), timed apart, with
/// `query_only` off for its transaction only.
struct BenchRequestRunner {
    /// What the pool runs on each SQLite connection it opens.
    static let readOnlyOn = "PRAGMA query_only = ON"

    let connection: any Connection
    let commitWrites: Bool

    /// Statement time, and for a write the COMMIT/ROLLBACK that ended it.
    struct Timing {
        let statement: Duration
        let transactionEnd: (kind: String, time: Duration)?
    }

    func run(_ request: Workload.Request) throws -> Timing {
        let clock = ContinuousClock()
        guard request.isWrite else {
            let began = clock.now
            try connection.run(prepared: request.sql, request.values)
            return Timing(statement: clock.now - began, transactionEnd: nil)
        }
        let sqlite = connection.dialect == .sqlite
        if sqlite { try connection.execute(script: "PRAGMA query_only = OFF") }
        defer { if sqlite { try? connection.execute(script: Self.readOnlyOn) } }
        try connection.execute(script: sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        let began = clock.now
        do {
            try connection.run(prepared: request.sql, request.values)
        } catch {
            try? connection.execute(script: "ROLLBACK")
            throw error
        }
        let statement = clock.now - began
        let kind = commitWrites ? "commit" : "rollback"
        let ending = clock.now
        try connection.execute(script: commitWrites ? "COMMIT" : "ROLLBACK")
        return Timing(statement: statement, transactionEnd: (kind, clock.now - ending))
    }

    /// The cause an error is counted under: its SQLSTATE or SQLite code, else `client`.
    static func cause(of error: any Error) -> String {
        (error as? DatabaseError)?.code.rawValue ?? "client"
    }

    /// The error's one-line text, without the server's detail (it may quote row values); for a
    /// read that tried to write, its name, catalog line and what to do.
    static func message(of error: any Error, query: CatalogQuery) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        guard error.isReadOnlyViolation, !query.isWrite else { return error.message }
        return "'\(query.name)' (\(query.file):\(query.line)) writes but is not marked '-- write', so it ran "
            + "read-only and nothing was changed: \(error.message); mark it `-- write` (bench then rolls it back)"
    }
}
