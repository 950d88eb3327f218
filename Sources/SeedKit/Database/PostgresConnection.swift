import CLibPQ
import Foundation

/// A connection to PostgreSQL through libpq.
///
/// Owns one `PGconn`, freed in `deinit`. Not `Sendable`: libpq connections must not be used from
/// two threads at once, so each thread (or pool slot) opens its own.
public final class PostgresConnection: Connection {
    let handle: OpaquePointer
    private let url: DatabaseURL
    private let conninfo: String
    /// Server-side prepared statements by SQL text.
    var prepared: [String: String] = [:]
    /// How long to wait for any answer: the statement timeout plus a grace; nil waits for ever.
    let answerTimeout: Double?
    /// Set once the server did not answer in time: every later call fails at once with it.
    var abandoned: DatabaseError?

    public var dialect: Dialect { .postgres }
    public var backend: ConnectionBackend { .postgres(self) }
    public var displayName: String { url.description }

    /// Connects with a libpq conninfo string or URI; `url` names the database in messages and
    /// carries the statement timeout.
    ///
    /// Defaults the URL can override: a 10 s connect timeout, TCP keepalives (idle 30 s, then
    /// 3 probes 10 s apart) and a 60 s TCP user timeout, so a host that vanished is noticed.
    init(conninfo: String, url: DatabaseURL) throws {
        self.url = url
        self.conninfo = conninfo
        let timeout = url.statementTimeout
        answerTimeout = timeout > 0 ? timeout + Self.grace : nil
        // Keywords before "dbname" are defaults: the expanded URI overrides them.
        let keywords = [
            "connect_timeout", "fallback_application_name", "keepalives", "keepalives_idle",
            "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "dbname",
        ]
        let values = ["10", "seedctl", "1", "30", "10", "3", "60000", conninfo]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw DatabaseError(code: .clientError, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.oneLine(PQerrorMessage(connection))
            PQfinish(connection)
            let code: SQLState =
                message.contains("password authentication failed")
                ? .invalidPassword
                : message.contains("does not exist") ? .invalidCatalogName : .unableToConnect
            throw DatabaseError(code: code, message: message)
        }
        handle = connection
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        if timeout > 0 {
            // The server stops a runaway statement itself; the client's wait covers a frozen one.
            // Bounded like connecting: a pooler with no free server connection never answers.
            let set = "SET statement_timeout = \(Int((timeout * 1000).rounded()))"
            let result = try exchange(within: Self.setupTimeout) { PQsendQuery(handle, set) }
            defer { PQclear(result) }
            try check(result, sql: set)
        }
    }

    /// Seconds the client waits past the statement timeout before giving the server up.
    static let grace = 5.0
    /// Seconds connection set-up may take after the connection is open (libpq's connect
    /// timeout covers opening it).
    static let setupTimeout = 10.0

    deinit {
        PQfinish(handle)
    }

    /// A new connection with the same settings (its own session).
    public func reopen() throws -> PostgresConnection {
        try PostgresConnection(conninfo: conninfo, url: url)
    }

    /// The backend process id libpq was told at connection start (`PQbackendPID`). Behind a
    /// connection pooler it is the pooler's, not the server process's `pg_backend_pid()`.
    public var backendPID: Int {
        Int(PQbackendPID(handle))
    }

    /// The server process's `pg_backend_pid()` (one round trip); it differs from `backendPID`
    /// when a pooler (PgBouncer) sits in between.
    public func serverBackendPID() throws -> Int? {
        try query("SELECT pg_backend_pid() AS pid").first?["pid"].int.map { Int($0) }
    }

    public func execute(script: String) throws {
        let result = try exchange { PQsendQuery(handle, script) }
        defer { PQclear(result) }
        try check(result, sql: script)
    }

    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        let texts = parameters.map(Self.encode)
        let result = try exchange {
            withOptionalCStringArray(texts) { pointers in
                PQsendQueryParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return Self.rows(of: result)
    }

    @discardableResult
    public func run(prepared sql: String, _ parameters: [SQLValue]) throws -> Int {
        let name = try preparedName(of: sql)
        let texts = parameters.map(Self.encode)
        let result = try exchange {
            withOptionalCStringArray(texts) { pointers in
                PQsendQueryPrepared(handle, name, Int32(texts.count), pointers, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return Int(PQntuples(result))
    }

    /// The name of `sql` as a server-side prepared statement, preparing it on first use.
    private func preparedName(of sql: String) throws -> String {
        if let known = prepared[sql] { return known }
        let name = "seedctl_\(prepared.count + 1)"
        try prepare(sql, as: name)
        prepared[sql] = name
        return name
    }

    /// Reads through a server-side cursor in batches of 5,000 rows, in a read-only transaction.
    public func forEachRow(_ sql: String, _ body: (Row) throws -> Void) throws {
        try execute(script: "BEGIN READ ONLY")
        do {
            try execute(script: "DECLARE seedctl_rows NO SCROLL CURSOR FOR \(sql)")
            while true {
                let batch = try query("FETCH 5000 FROM seedctl_rows")
                try batch.forEach(body)
                if batch.count < 5000 { break }
            }
            try execute(script: "COMMIT")
        } catch {
            try? execute(script: "ROLLBACK")
            throw error
        }
    }

    public func serverVersion() throws -> String {
        let version = Int(PQserverVersion(handle))
        return "PostgreSQL \(version / 10000).\(version % 10000)"
    }

    /// Runs single statements in libpq's pipeline mode, `batchSize` at a time, without waiting
    /// for each one's result before sending the next; returns the index and error of the first
    /// that failed (the ones after it in its batch are skipped by the server), nil when all ran.
    ///
    /// Meant for a transaction the caller opened; each statement goes through the extended
    /// protocol, so it must be one statement without parameters, and not COPY.
    public func executePipelined(_ statements: [String], batchSize: Int = 500) throws -> (
        index: Int, error: DatabaseError
    )? {
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        defer { PQexitPipelineMode(handle) }
        var base = 0
        while base < statements.count {
            let batch = statements[base..<min(base + batchSize, statements.count)]
            for sql in batch {
                guard PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0) == 1 else {
                    throw connectionError()
                }
            }
            guard PQpipelineSync(handle) == 1 else { throw connectionError() }
            var failure: (index: Int, error: DatabaseError)?
            for (offset, sql) in zip(batch.indices, batch) {
                while let result = PQgetResult(handle) {
                    if failure == nil, PQresultStatus(result) == PGRES_FATAL_ERROR {
                        do {
                            try check(result, sql: sql)
                        } catch let error as DatabaseError {
                            failure = (offset, error)
                        }
                    }
                    PQclear(result)
                }
            }
            // The sync point's own result ends the batch.
            while let result = PQgetResult(handle) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
            if let failure { return failure }
            base += batch.count
        }
        return nil
    }

    /// Streams rows into `COPY … FROM STDIN`; the writer exists only inside `body`.
    ///
    /// If `body` throws, the COPY is aborted and nothing it wrote stays.
    public func copy(_ sql: String, _ body: (inout CopyWriter) throws -> Void) throws {
        let start = try exchange { PQsendQuery(handle, sql) }
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start, sql: sql)
            throw DatabaseError(
                code: .clientError, message: "statement did not start COPY FROM STDIN", sql: sql)
        }
        var writer = CopyWriter(connection: self)
        do {
            try body(&writer)
            try writer.flush()
            guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError() }
        } catch {
            _ = PQputCopyEnd(handle, "aborted by seedctl")
            drainResults()
            throw error
        }
        var firstError: Error?
        while let result = PQgetResult(handle) {
            if firstError == nil {
                do { try check(result, sql: sql) } catch { firstError = error }
            }
            PQclear(result)
        }
        if let firstError { throw firstError }
    }

    /// Sends buffered COPY data.
    func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        let sent = bytes.withMemoryRebound(to: CChar.self) { chars in
            PQputCopyData(handle, chars.baseAddress, Int32(chars.count))
        }
        guard sent == 1 else { throw connectionError() }
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    func connectionError() -> DatabaseError {
        DatabaseError(code: .connectionFailure, message: Self.oneLine(PQerrorMessage(handle)))
    }

    func check(_ result: OpaquePointer?, sql describe: @autoclosure () -> String) throws {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return
        default:
            break
        }
        let sql = describe()
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let code = field(SEEDCTL_PG_DIAG_SQLSTATE).map(SQLState.init(rawValue:))
        let message = field(SEEDCTL_PG_DIAG_MESSAGE_PRIMARY) ?? Self.oneLine(PQresultErrorMessage(result))
        let offset = field(SEEDCTL_PG_DIAG_STATEMENT_POSITION).flatMap(Int.init).map {
            SourceLocation.utf8Offset(ofCharacterPosition: $0, in: sql)
        }
        let lost = PQstatus(handle) != CONNECTION_OK
        throw DatabaseError(
            code: code ?? (lost ? .connectionFailure : .clientError),
            message: message.isEmpty && lost ? "connection to the server was lost" : message,
            detail: field(SEEDCTL_PG_DIAG_MESSAGE_DETAIL),
            hint: field(SEEDCTL_PG_DIAG_MESSAGE_HINT) ?? timeoutHint(code, message),
            offset: offset, sql: sql)
    }

    /// Advice for a statement the server stopped at `--statement-timeout`.
    private func timeoutHint(_ code: SQLState?, _ message: String) -> String? {
        guard code == .queryCanceled, message.contains("statement timeout") else { return nil }
        let limit = url.statementTimeout
        return "it ran longer than --statement-timeout (\(String(format: "%g", limit)) s): "
            + "raise it, or look for what blocks the statement (a lock, a long transaction)"
    }

    private static func rows(of result: OpaquePointer?) -> [Row] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        guard rowCount > 0, columnCount > 0 else { return [] }
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<columnCount).map { PQftype(result, $0) }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            let values = (0..<columnCount).map { column -> SQLValue in
                guard PQgetisnull(result, row, column) == 0, let raw = PQgetvalue(result, row, column) else {
                    return .null
                }
                return decode(String(cString: raw), type: types[Int(column)])
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    /// Decodes a text-format value by its type OID.
    private static func decode(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 16: .bool(text == "t")
        case 20, 21, 23, 26: Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701, 1700: Double(text).map(SQLValue.real) ?? .text(text)
        default: .text(text)
        }
    }

    /// Encodes a parameter in libpq's text format; nil is SQL NULL.
    static func encode(_ value: SQLValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let value): String(value)
        case .real(let value):
            value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : String(value)
        case .text(let value): value
        case .bool(let value): value ? "t" : "f"
        }
    }

    private static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        return String(cString: message)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .replacingOccurrences(of: "FATAL:  ", with: "")
            .replacingOccurrences(of: "ERROR:  ", with: "")
    }
}

/// libpq connections must not be used from two threads at once: each thread opens its own.
@available(*, unavailable)
extension PostgresConnection: Sendable {}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStringArray(strings.map(Optional.some)) { body($0 + [nil]) }
}

/// Calls `body` with C strings for `strings`, nil staying nil; the pointers live only during `body`.
func withOptionalCStringArray<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { $0.flatMap { strdup($0) } }
    defer { for copy in copies { free(copy) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
