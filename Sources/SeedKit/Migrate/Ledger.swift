/// The `seedctl_migrations` table: which migrations a database has applied.
struct Ledger {
    /// One applied migration as the ledger recorded it.
    struct Entry: Sendable, Equatable {
        var module: String
        var version: Int
        var name: String
        var checksum: String
        /// UTC, ISO 8601.
        var appliedAt: String
        var durationMs: Double
    }

    /// The ledger table's name.
    static let tableName = "seedctl_migrations"

    let connection: any Connection

    /// Creates the ledger table if it is missing.
    func create() throws {
        switch connection.dialect {
        case .postgres:
            try connection.execute(
                script: """
                    CREATE TABLE IF NOT EXISTS seedctl_migrations (
                        module text NOT NULL,
                        version integer NOT NULL,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        duration_ms double precision NOT NULL,
                        PRIMARY KEY (module, version)
                    )
                    """)
        case .sqlite:
            try connection.execute(
                script: """
                    CREATE TABLE IF NOT EXISTS seedctl_migrations (
                        module TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        checksum TEXT NOT NULL,
                        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                        duration_ms REAL NOT NULL,
                        PRIMARY KEY (module, version)
                    )
                    """)
        }
    }

    /// Every recorded migration; empty when the ledger table does not exist yet.
    func entries() throws -> [Entry] {
        guard try connection.tableExists(Self.tableName) else { return [] }
        let appliedAt =
            connection.dialect == .postgres
            ? #"to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"# : "applied_at"
        return try connection.query(
            "SELECT module, version, name, checksum, \(appliedAt) AS applied_at, duration_ms FROM seedctl_migrations ORDER BY applied_at, module, version"
        ).map { row in
            Entry(
                module: row["module"].string ?? "", version: Int(row["version"].int ?? 0),
                name: row["name"].string ?? "", checksum: row["checksum"].string ?? "",
                appliedAt: row["applied_at"].string ?? "", durationMs: row["duration_ms"].double ?? 0)
        }
    }

    /// Whether `migration` is recorded (read inside the applying transaction, after the lock).
    func contains(_ migration: Migration) throws -> Bool {
        try !connection.query(
            "SELECT 1 FROM seedctl_migrations WHERE module = $1 AND version = $2",
            [.text(migration.module), .integer(Int64(migration.version))]
        ).isEmpty
    }

    /// Records `migration` as applied.
    func record(_ migration: Migration, durationMs: Double) throws {
        try connection.query(
            "INSERT INTO seedctl_migrations (module, version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4, $5)",
            [
                .text(migration.module), .integer(Int64(migration.version)), .text(migration.name),
                .text(migration.checksum), .real(durationMs),
            ])
    }
}
