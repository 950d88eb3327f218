import CLibPQ
import Glibc

/// libpq's asynchronous calls, for an event loop that drives many connections from one
/// thread (`seedctl bench`): send a statement, poll the socket, read the result when it is
/// complete. The connection stays in blocking mode: sends of short statements complete at once.
extension PostgresConnection {
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
    }

    /// Sends `sql` with its values on the extended protocol's unnamed statement (parse, bind,
    /// execute each time; what works through a transaction-pooling proxy), without waiting.
    func send(extended sql: String, _ parameters: [SQLValue]) throws {
        let texts = parameters.map(Self.encode)
        let sent = withOptionalCStringArray(texts) { pointers in
            PQsendQueryParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError() }
    }

    /// Sends `sql` on the simple protocol, its `$N` placeholders replaced by quoted literals
    /// (`PQescapeLiteral`), without waiting.
    func send(simple sql: String, _ parameters: [SQLValue]) throws {
        let literals = try parameters.map { value -> String in
            guard let raw = Self.encode(value) else { return "NULL" }
            guard let escaped = PQescapeLiteral(handle, raw, raw.utf8.count) else { throw connectionError() }
            defer { PQfreemem(escaped) }
            return String(cString: escaped)
        }
        // One pass, so a value that holds "$1" is never substituted again.
        var text = ""
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
        let sent = command.withUTF8Buffer { text in
            text.withMemoryRebound(to: CChar.self) { PQsendQuery(handle, $0.baseAddress) }
        }
        guard sent == 1 else { throw connectionError() }
    }

    /// Reads what has arrived on the socket. Returns false while the statement's results are
    /// incomplete, true once every one has been read; the first error among them is left in
    /// `firstError`. `sql` is evaluated only to describe an error.
    func receive(_ sql: @autoclosure () -> String, error firstError: inout DatabaseError?) -> Bool {
        let consumed = PQconsumeInput(handle) == 1
        // A lost connection is no longer busy: its results (the server's FATAL, e.g. 57P01,
        // or libpq's own) come out without blocking, so the cause is kept.
        while !consumed || PQisBusy(handle) == 0 {
            guard let result = PQgetResult(handle) else {
                if !consumed, firstError == nil { firstError = connectionError() }
                return true
            }
            defer { PQclear(result) }
            guard firstError == nil else { continue }
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
