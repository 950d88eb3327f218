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

    /// The name of `sql` as a server-side prepared statement, preparing it (synchronously)
    /// on first use; the same cache as `run(prepared:)`.
    func prepare(_ sql: String) throws -> String {
        if let known = prepared[sql] { return known }
        let name = "seedctl_\(prepared.count + 1)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
        prepared[sql] = name
        return name
    }

    /// Sends prepared statement `name` (from `prepare`) with its values, without waiting for
    /// the result.
    func send(statement name: String, _ parameters: [SQLValue]) throws {
        let texts = parameters.map(Self.encode)
        let sent = withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: max(1, texts.count)) { pointers in
            Self.withCStrings(texts, from: 0, into: pointers) {
                PQsendQueryPrepared(handle, name, Int32(texts.count), pointers.baseAddress, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw connectionError() }
    }

    /// Fills `pointers` with C strings of `texts` (nil stays nil) and calls `body` while they
    /// live: no copies, unlike `strdup`, for a send on bench's hot path.
    private static func withCStrings<R>(
        _ texts: [String?], from index: Int, into pointers: UnsafeMutableBufferPointer<UnsafePointer<CChar>?>, _ body: () -> R
    ) -> R {
        guard index < texts.count else { return body() }
        guard let text = texts[index] else {
            pointers[index] = nil
            return withCStrings(texts, from: index + 1, into: pointers, body)
        }
        return text.withCString {
            pointers[index] = $0
            return withCStrings(texts, from: index + 1, into: pointers, body)
        }
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
