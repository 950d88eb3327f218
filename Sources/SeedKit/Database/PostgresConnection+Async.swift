import CLibPQ
import Glibc

/// libpq's asynchronous calls, for an event loop that drives many connections from one
/// thread (`seedctl bench`): send a statement, poll the socket, read the result when it is
/// complete. The connection stays in blocking mode: sends of short statements complete at once.
extension PostgresConnection {
    /// The outcome of a statement sent with `send`: rows affected or returned, or the error.
    typealias AsyncOutcome = Result<Int, DatabaseError>

    /// The socket to poll for the result; -1 when the connection is closed.
    var socket: Int32 { PQsocket(handle) }

    /// Sends `sql` as a prepared statement (prepared, synchronously, on first use) with its
    /// values, without waiting for the result.
    func send(prepared sql: String, _ parameters: [SQLValue]) throws {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "seedctl_\(prepared.count + 1)"
            let result = PQprepare(handle, name, sql, 0, nil)
            defer { PQclear(result) }
            try check(result, sql: sql)
            prepared[sql] = name
        }
        let texts = parameters.map(Self.encode)
        let sent = withOptionalCStringArray(texts) { pointers in
            PQsendQueryPrepared(handle, name, Int32(texts.count), pointers, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError() }
    }

    /// Sends a statement without parameters (BEGIN, COMMIT, ROLLBACK) without waiting.
    func send(command: String) throws {
        guard PQsendQuery(handle, command) == 1 else { throw connectionError() }
    }

    /// Reads what has arrived on the socket. Returns nil while the result is incomplete, then
    /// the outcome once every result of the statement has been read. `outcome` holds the first
    /// result between calls.
    func receive(_ sql: String, outcome: inout AsyncOutcome?) -> AsyncOutcome? {
        let consumed = PQconsumeInput(handle) == 1
        // A lost connection is no longer busy: its results (the server's FATAL, e.g. 57P01,
        // or libpq's own) come out without blocking, so the cause is kept.
        while !consumed || PQisBusy(handle) == 0 {
            guard let result = PQgetResult(handle) else {
                defer { outcome = nil }
                return outcome ?? (consumed ? .success(0) : .failure(connectionError()))
            }
            defer { PQclear(result) }
            guard outcome == nil else { continue }
            do {
                try check(result, sql: sql)
                outcome = .success(Int(PQntuples(result)))
            } catch let error as DatabaseError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(DatabaseError(code: .clientError, message: "\(error)"))
            }
        }
        return nil
    }

    /// True when the connection is no longer usable.
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }
}
