/// Running a statement so that it cannot change the database (catalog reads in `explain`).
extension Connection {
    /// Runs `body` so that nothing it executes can write: PostgreSQL in a `READ ONLY`
    /// transaction that is rolled back, SQLite with `PRAGMA query_only = ON`, switched off again
    /// afterwards whether `body` returns or throws. A statement that tries to write fails with
    /// an error for which ``DatabaseError/isReadOnlyViolation`` is true.
    public func readOnly<T>(_ body: () throws -> T) throws -> T {
        switch dialect {
        case .postgres: try between("BEGIN READ ONLY", and: "ROLLBACK", body)
        case .sqlite: try between("PRAGMA query_only = ON", and: "PRAGMA query_only = OFF", body)
        }
    }
}

extension DatabaseError {
    /// A statement tried to write where ``Connection/readOnly(_:)`` forbids it: PostgreSQL
    /// `25006` (read_only_sql_transaction), SQLite `SQLITE_READONLY`.
    public var isReadOnlyViolation: Bool {
        code.rawValue == "25006" || code == .sqlite("READONLY")
    }

    /// The database, not the query, failed: the connection is gone (class 08, `57P*`), the server
    /// ran out of resources (class 53) or hit a system error (class 58); SQLite's disk is full,
    /// its file unreadable or not a database. Going on with other queries would mean nothing.
    public var endsRun: Bool {
        let raw = code.rawValue
        return code.isConnectionLoss || raw.hasPrefix("53") || raw.hasPrefix("58")
            || ["FULL", "IOERR", "CORRUPT", "NOTADB", "CANTOPEN"].map { SQLState.sqlite($0) }.contains(code)
    }
}
