/// A connection to one database, PostgreSQL or SQLite.
///
/// Connections are not thread-safe: each is used from one thread at a time, and conforming
/// types are deliberately not `Sendable`.
public protocol Connection: AnyObject {
    /// The dialect this connection speaks.
    var dialect: Dialect { get }

    /// This connection as its concrete type, for code that needs a backend's own API.
    var backend: ConnectionBackend { get }

    /// Runs a script of one or more statements without parameters, such as a migration file.
    ///
    /// On failure the error's `offset` points into `script`.
    func execute(script: String) throws

    /// Runs one statement with bound parameters (`$1`, `$2`, … in both dialects) and returns
    /// its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row]

    /// Runs a statement through this connection's prepared-statement cache (prepared on first
    /// use, reused after), discarding the rows; returns how many there were. For hot loops.
    @discardableResult
    func run(prepared sql: String, _ parameters: [SQLValue]) throws -> Int

    /// Streams the rows of a query to `body` without holding them all in memory.
    func forEachRow(_ sql: String, _ body: (Row) throws -> Void) throws

    /// The server's version, e.g. `PostgreSQL 15.18` or `SQLite 3.40.1`.
    func serverVersion() throws -> String

    /// A short description of where this connection points, with no password in it.
    var displayName: String { get }
}

extension Connection {
    /// Runs a statement without parameters and returns its rows.
    @discardableResult
    public func query(_ sql: String) throws -> [Row] {
        try query(sql, [])
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// On SQLite the transaction is `BEGIN IMMEDIATE`, so it takes the write lock at once.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute(script: dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute(script: "COMMIT")
            return result
        } catch {
            try? execute(script: "ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in a transaction that is always rolled back, whether `body` returns or
    /// throws, so its writes leave no trace (`seedctl explain` running a catalog write).
    ///
    /// On SQLite the transaction is `BEGIN IMMEDIATE`, as in ``transaction(_:)``.
    public func rolledBackTransaction<T>(_ body: () throws -> T) throws -> T {
        try between(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN", and: "ROLLBACK", body)
    }

    /// Runs `body` after the statement `begin`, then `end`, which also runs (its error ignored)
    /// when `body` throws.
    func between<T>(_ begin: String, and end: String, _ body: () throws -> T) throws -> T {
        try execute(script: begin)
        let result: T
        do {
            result = try body()
        } catch {
            try? execute(script: end)
            throw error
        }
        try execute(script: end)
        return result
    }

    /// Whether a table exists (its physical name in this dialect).
    public func tableExists(_ name: String) throws -> Bool {
        switch dialect {
        case .postgres:
            return try query("SELECT to_regclass($1) IS NOT NULL AS present", [.text(name)])
                .first?["present"].bool ?? false
        case .sqlite:
            return try !query(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", [.text(name)]
            ).isEmpty
        }
    }
}
