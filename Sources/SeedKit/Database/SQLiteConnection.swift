import CSQLite
import Foundation

/// A connection to a SQLite database file through libsqlite3.
///
/// Owns one `sqlite3` handle, closed in `deinit`. Opened with `SQLITE_OPEN_NOMUTEX`, so it is
/// not `Sendable`: one thread at a time.
public final class SQLiteConnection: Connection {
    let handle: OpaquePointer
    private let path: String
    /// Compiled statements by SQL text, for `run(prepared:)`.
    private var prepared: [String: SQLiteStatement] = [:]

    public var dialect: Dialect { .sqlite }
    public var backend: ConnectionBackend { .sqlite(self) }
    public var displayName: String { "sqlite:\(path)" }

    /// Opens the database at `path` with foreign keys on and WAL journaling.
    ///
    /// - Parameters:
    ///   - busyTimeout: seconds to wait for another connection's write lock.
    ///   - create: create the file when it does not exist; commands that only read or empty a
    ///     database (`verify`, `clear`, `bench`) pass false, so a typo leaves no empty file behind.
    ///   - readOnly: open an existing file read-only, creating and changing nothing.
    public init(path: String, busyTimeout: Double = 30, create: Bool = true, readOnly: Bool = false) throws {
        var connection: OpaquePointer?
        let flags =
            readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
            : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
                | SQLITE_OPEN_URI
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            // sqlite3_open_v2 returns a handle even on failure, and it must still be closed.
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            let missing = !create && !path.hasPrefix("file:") && !FileManager.default.fileExists(atPath: path)
            throw DatabaseError(
                code: Self.code(status),
                message: missing
                    ? "no SQLite database at '\(path)'; check --database-url, or create it with 'seedctl migrate'"
                    : "cannot open SQLite database '\(path)': \(message); check that its folder exists and is writable"
            )
        }
        handle = connection
        self.path = path
        sqlite3_busy_timeout(handle, Int32(min(busyTimeout * 1000, Double(Int32.max))))
        sqlite3_extended_result_codes(handle, 1)
        try execute(script: "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        if !readOnly { try enableWAL(within: busyTimeout) }
    }

    /// Switches to WAL. Several processes opening a new file at once can get SQLITE_BUSY here
    /// without the busy handler being called, so it retries until the busy timeout.
    private func enableWAL(within seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            do {
                try execute(script: "PRAGMA journal_mode = WAL")
                return
            } catch let error as DatabaseError where error.code == .sqlite("BUSY") && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    deinit {
        prepared.removeAll()  // finalize statements before closing
        sqlite3_close_v2(handle)
    }

    public func execute(script: String) throws {
        var script = script
        try script.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            try base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { start in
                var position = 0
                while position < utf8.count {
                    var tail: UnsafePointer<CChar>?
                    var statement: OpaquePointer?
                    let current = start + position
                    let status = sqlite3_prepare_v2(
                        handle, current, Int32(utf8.count - position), &statement, &tail)
                    guard status == SQLITE_OK else {
                        let errorOffset = Int(sqlite3_error_offset(handle))
                        throw error(
                            status, sql: String(decoding: utf8, as: UTF8.self),
                            offset: position + max(errorOffset, 0))
                    }
                    let next = tail.map { $0 - start } ?? utf8.count
                    guard let statement else {
                        position = next
                        continue  // only whitespace or comments remained
                    }
                    defer { sqlite3_finalize(statement) }
                    var stepStatus = sqlite3_step(statement)
                    while stepStatus == SQLITE_ROW { stepStatus = sqlite3_step(statement) }
                    guard stepStatus == SQLITE_DONE else {
                        throw error(
                            stepStatus, sql: String(decoding: utf8, as: UTF8.self),
                            offset: position + Self.leadingTrivia(current, count: next - position))
                    }
                    position = next
                }
            }
        }
    }

    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        var rows: [Row] = []
        let columns = statement.columnNames
        while try statement.step() {
            rows.append(Row(columns: columns, values: statement.currentValues()))
        }
        return rows
    }

    @discardableResult
    public func run(prepared sql: String, _ parameters: [SQLValue]) throws -> Int {
        let statement = try prepared[sql] ?? prepare(sql)
        prepared[sql] = statement
        try statement.bind(parameters)
        var rows = 0
        while try statement.step() { rows += 1 }
        return rows
    }

    public func forEachRow(_ sql: String, _ body: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        let columns = statement.columnNames
        while try statement.step() {
            try body(Row(columns: columns, values: statement.currentValues()))
        }
    }

    public func serverVersion() throws -> String {
        "SQLite " + String(cString: sqlite3_libversion())
    }

    /// Whether `sql` ends with a complete statement, by SQLite's own `sqlite3_complete()`.
    public static func isComplete(_ sql: String) -> Bool {
        sqlite3_complete(sql) != 0
    }

    /// Compiles one statement for repeated execution.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw error(status, sql: sql, offset: Int(sqlite3_error_offset(handle)))
        }
        return SQLiteStatement(statement, connection: self, sql: sql)
    }

    /// The error for a failed call, with the connection's message; a failure of the file
    /// itself (locked, not a database, read-only, disk full) names the file and what to do.
    func error(_ status: Int32, sql: String?, offset: Int? = nil) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(handle))
        let advice = Self.advice(status)
        return DatabaseError(
            code: Self.code(status), message: advice == nil ? message : "\(message) (\(path))",
            hint: advice, offset: offset.flatMap { $0 >= 0 ? $0 : nil }, sql: sql)
    }

    /// What to do about a result code that is about the file, not the SQL.
    static func advice(_ status: Int32) -> String? {
        switch status & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            "another process holds the write lock; wait for it to finish, or stop it"
        case SQLITE_NOTADB:
            "the file is not a SQLite database; check --database-url, or give a path where seedctl may create one"
        case SQLITE_READONLY:
            "the file or its folder (which holds the -wal and -shm files) is read-only; make both writable, or use a copy"
        case SQLITE_FULL:
            "the disk holding the file is full; free space and run again"
        case SQLITE_CORRUPT:
            "the file is damaged; restore it from a copy, or delete it and run 'seedctl setup'"
        case SQLITE_IOERR:
            "reading or writing the file failed; check the disk and the file's permissions"
        case SQLITE_CANTOPEN:
            "check that the file and its folder exist and are readable and writable"
        default:
            nil
        }
    }

    /// `SQLITE_BUSY`-style code for a result code (primary code's name).
    static func code(_ status: Int32) -> SQLState {
        let name = String(cString: sqlite3_errstr(status & 0xFF))
        let primary: String =
            switch status & 0xFF {
            case SQLITE_BUSY: "BUSY"
            case SQLITE_LOCKED: "LOCKED"
            case SQLITE_CONSTRAINT: "CONSTRAINT"
            case SQLITE_ERROR: "ERROR"
            case SQLITE_CANTOPEN: "CANTOPEN"
            case SQLITE_READONLY: "READONLY"
            case SQLITE_CORRUPT: "CORRUPT"
            case SQLITE_NOTADB: "NOTADB"
            case SQLITE_FULL: "FULL"
            case SQLITE_IOERR: "IOERR"
            default: name.uppercased().replacingOccurrences(of: " ", with: "_")
            }
        return .sqlite(primary)
    }

    /// Bytes of whitespace and comments before the statement text starts.
    private static func leadingTrivia(_ start: UnsafePointer<CChar>, count: Int) -> Int {
        var index = 0
        while index < count {
            let byte = UInt8(bitPattern: start[index])
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == 0x2D, index + 1 < count, start[index + 1] == 0x2D {
                while index < count, start[index] != 0x0A { index += 1 }
            } else {
                break
            }
        }
        return index
    }
}

/// Opened with `SQLITE_OPEN_NOMUTEX`: one thread at a time.
@available(*, unavailable)
extension SQLiteConnection: Sendable {}
