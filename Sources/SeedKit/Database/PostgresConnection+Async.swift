import CLibPQ
import Glibc

/// libpq's asynchronous calls, for an event loop that drives many connections from one
/// thread (`seedctl bench`): send a statement, poll the socket, read the result when it is
/// complete. The connection stays in blocking mode: sends of short statements complete at once.
///
/// In libpq's pipeline mode (bench's extended and prepared protocols) every send ends with a
/// Sync of its own, and `sendReadOnlyMarker()` can go before a read in the same round trip:
/// statements up to a Sync share one implicit transaction, also through a transaction pooler.
extension PostgresConnection {
    /// Makes the rest of the implicit transaction read-only (`SET TRANSACTION READ ONLY` would
    /// warn outside a transaction block on the extended protocol; `set_config` does not).
    static let readOnlyMarker = "SELECT set_config('transaction_read_only', 'on', true)"

    /// Makes every transaction on this connection read-only unless it begins `READ WRITE`,
    /// where a session setting holds: on a direct connection, `SET
    /// default_transaction_read_only = on` (nothing to send per request). Behind a pooler
    /// (libpq's backend pid is not the server's), where a session setting lands on one server
    /// connection and stays there for the pool's other clients, it sets nothing and returns
    /// false: the caller marks each read (`sendReadOnlyMarker`, `send(simple:_:readOnly:)`),
    /// unless the role, the database or the server configuration makes transactions read-only
    /// already (`ALTER ROLE … SET default_transaction_read_only = on`): such a default reaches
    /// every server connection a pool opens, so it returns true and nothing is sent per request.
    /// A default someone `SET` in a session is not trusted: it may not hold elsewhere.
    func defaultToReadOnly() throws -> Bool {
        let row = try query(
            """
            SELECT pg_backend_pid() AS pid, setting = 'on' AND source <> 'session' AS configured
            FROM pg_settings WHERE name = 'default_transaction_read_only'
            """
        ).first
        if row?["configured"].bool == true { return true }
        guard let server = row?["pid"].int, Int(server) == backendPID else { return false }
        try execute(script: "SET default_transaction_read_only = on")
        return true
    }

    /// Enters libpq's pipeline mode (the connection must be idle).
    func enterPipelineMode() throws {
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
    }

    /// Whether the connection is in pipeline mode.
    var isPipelined: Bool { PQpipelineStatus(handle) != PQ_PIPELINE_OFF }

    /// In pipeline mode: sends `readOnlyMarker` without a Sync, so the statement sent next runs
    /// in the same read-only transaction.
    func sendReadOnlyMarker() throws {
        guard PQsendQueryParams(handle, Self.readOnlyMarker, 0, nil, nil, nil, nil, 0) == 1 else {
            throw connectionError()
        }
    }

    /// In pipeline mode, ends what was sent with a Sync (which also flushes it).
    private func syncIfPipelined() throws {
        guard isPipelined else { return }
        guard PQpipelineSync(handle) == 1 else { throw connectionError() }
    }

    /// The socket to poll for the result; -1 when the connection is closed.
    var socket: Int32 { PQsocket(handle) }

    /// Prepares `sql` (synchronously) as server-side statement `name`, a name the caller owns:
    /// bench's loops keep one C string per query, so a send copies no name.
    func prepare(_ sql: String, as name: UnsafePointer<CChar>) throws {
        let result = try exchange { PQsendPrepare(handle, name, sql, 0, nil) }
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Sends the preparation of `sql` as statement `name` without waiting; `receive` reads
    /// its result.
    func sendPrepare(_ sql: String, as name: UnsafePointer<CChar>) throws {
        guard PQsendPrepare(handle, name, sql, 0, nil) == 1 else { throw connectionError() }
        try syncIfPipelined()
    }

    /// Sends `sql` with its values on the extended protocol's unnamed statement (parse, bind,
    /// execute each time; what works through a transaction-pooling proxy), without waiting.
    func send(extended sql: String, _ parameters: [SQLValue]) throws {
        let texts = parameters.map(Self.encode)
        let sent = withOptionalCStringArray(texts) { pointers in
            PQsendQueryParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError() }
        try syncIfPipelined()
    }

    /// Sends `sql` on the simple protocol, its `$N` placeholders replaced by quoted literals
    /// (`PQescapeLiteral`), without waiting; `readOnly` puts `SET TRANSACTION READ ONLY` before
    /// it in the same query string, whose statements share one implicit transaction.
    func send(simple sql: String, _ parameters: [SQLValue], readOnly: Bool = false) throws {
        let literals = try parameters.map { value -> String in
            guard let raw = Self.encode(value) else { return "NULL" }
            guard let escaped = PQescapeLiteral(handle, raw, raw.utf8.count) else { throw connectionError() }
            defer { PQfreemem(escaped) }
            return String(cString: escaped)
        }
        // One pass, so a value that holds "$1" is never substituted again.
        var text = readOnly ? "SET TRANSACTION READ ONLY; " : ""
        var rest = Substring(sql)
        while let dollar = rest.firstIndex(of: "$") {
            text += rest[..<dollar]
            let digits = rest[rest.index(after: dollar)...].prefix { $0.isASCII && $0.isNumber }
            if let number = Int(digits), (1...literals.count).contains(number) {
                text += literals[number - 1]
            } else {
                text += "$" + digits
            }
            rest = rest[digits.endIndex...]
        }
        text += rest
        guard PQsendQuery(handle, text) == 1 else { throw connectionError() }
    }

    /// Sends prepared statement `name` (from `prepare(_:as:)`) with its values, without
    /// waiting for the result.
    func send(statement name: UnsafePointer<CChar>, _ parameters: [SQLValue]) throws {
        let sent: Int32
        if parameters.isEmpty {
            sent = PQsendQueryPrepared(handle, name, 0, nil, nil, nil, 0)
        } else {
            let texts = parameters.map(Self.encode)
            sent = withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: texts.count) {
                pointers in
                Self.withCStrings(texts, from: 0, into: pointers) {
                    PQsendQueryPrepared(handle, name, Int32(texts.count), pointers.baseAddress, nil, nil, 0)
                }
            }
        }
        guard sent == 1 else { throw connectionError() }
        try syncIfPipelined()
    }

    /// Fills `pointers` with C strings of `texts` (nil stays nil) and calls `body` while they
    /// live: no copies, unlike `strdup`, for a send on bench's hot path.
    private static func withCStrings<R>(
        _ texts: [String?], from index: Int, into pointers: UnsafeMutableBufferPointer<UnsafePointer<CChar>?>,
        _ body: () -> R
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
    func send(command: StaticString) throws {
        let pipelined = isPipelined
        let sent = command.withUTF8Buffer { text in
            text.withMemoryRebound(to: CChar.self) {
                pipelined
                    ? PQsendQueryParams(handle, $0.baseAddress, 0, nil, nil, nil, nil, 0)
                    : PQsendQuery(handle, $0.baseAddress)
            }
        }
        guard sent == 1 else { throw connectionError() }
        try syncIfPipelined()
    }

    /// Reads what has arrived on the socket. Returns false while the statement's results are
    /// incomplete, true once every one has been read (in pipeline mode: up to the Sync); the
    /// first error among them is left in `firstError`. `sql` is evaluated only to describe an
    /// error.
    func receive(_ sql: @autoclosure () -> String, error firstError: inout DatabaseError?) -> Bool {
        let consumed = PQconsumeInput(handle) == 1
        let pipelined = consumed && isPipelined
        var separated = false
        // A lost connection is no longer busy: its results (the server's FATAL, e.g. 57P01,
        // or libpq's own) come out without blocking, so the cause is kept.
        while !consumed || PQisBusy(handle) == 0 {
            guard let result = PQgetResult(handle) else {
                // In a pipeline, the end of one statement's results: the next's, or the Sync,
                // follow (two in a row: nothing is queued any more).
                if pipelined, !separated {
                    separated = true
                    continue
                }
                if !consumed, firstError == nil { firstError = connectionError() }
                return true
            }
            separated = false
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC { return true }
            guard firstError == nil, status != PGRES_PIPELINE_ABORTED else { continue }
            do {
                try check(result, sql: sql())
            } catch let error as DatabaseError {
                firstError = error
            } catch {
                firstError = DatabaseError(code: .clientError, message: "\(error)")
            }
        }
        return false
    }

    /// True when the connection is no longer usable.
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }
}
