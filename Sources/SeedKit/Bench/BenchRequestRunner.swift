import Foundation

/// Runs one request on a borrowed connection: a read as it is; a write inside a transaction
/// that is rolled back (or committed with `--commit-writes`), timed apart.
struct BenchRequestRunner {
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
        try connection.execute(script: connection.dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
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

    /// The error's one-line text, without the server's detail (it may quote row values).
    static func message(of error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return error.message
    }
}
