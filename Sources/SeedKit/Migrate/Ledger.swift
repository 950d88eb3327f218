/// The `seedctl_migrations` table: which migrations a database has applied.
///
/// On PostgreSQL it lives at a fixed, schema-qualified place (`public.seedctl_migrations`
/// unless `--ledger-schema` says otherwise) and is never looked up through `search_path`, so a
/// migration that empties `search_path` (as pg_dump output does) or a URL's `options` cannot
/// move it.
struct Ledger {
    /// How a ledger row came to be.
    enum Kind: String, Sendable, Codable {
        /// The migration ran.
        case applied
        /// Recorded by `migrate baseline` without running.
        case baselined
        /// A no-transaction migration stopped part-way; `failedStatement` says where.
        case failed
    }

    /// One migration as the ledger recorded it.
    struct Entry: Sendable, Equatable {
        var module: String
        var version: Int
        var name: String
        var checksum: String
        /// UTC, ISO 8601.
        var appliedAt: String
        var durationMs: Double
        var kind: Kind = .applied
        /// For a failed no-transaction migration: the index of the statement it stopped at.
        var failedStatement: Int?
    }

    /// The ledger table's name.
    static let tableName = "seedctl_migrations"

    let connection: any Connection
    /// PostgreSQL schema holding the table.
    let schema: String

    init(connection: any Connection, schema: String = "public") {
        self.connection = connection
        self.schema = schema
    }

    /// The table as statements name it: schema-qualified on PostgreSQL.
    var table: String {
        switch connection.dialect {
        case .postgres: "\(Self.quote(schema)).\(Self.tableName)"
        case .sqlite: Self.tableName
        }
    }

    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether the table exists.
    func exists() throws -> Bool {
        try connection.tableExists(table)
    }

    /// Creates the ledger table if it is missing, and brings a 0.1.0 ledger up to date
    /// (`version` becomes 64-bit; `kind` and `failed_statement` are added).
    func create() throws {
        switch connection.dialect {
        case .postgres:
            if schema != "public" {
                try connection.execute(script: "CREATE SCHEMA IF NOT EXISTS \(Self.quote(schema))")
            }
            try connection.execute(
                script: """
                    CREATE TABLE IF NOT EXISTS \(table) (
                        module text NOT NULL,
                        version bigint NOT NULL,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        duration_ms double precision NOT NULL,
                        kind text NOT NULL DEFAULT 'applied',
                        failed_statement integer,
                        PRIMARY KEY (module, version)
                    )
                    """)
            let type = try connection.query(
                """
                SELECT format_type(a.atttypid, a.atttypmod) AS type FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = $1::regclass AND a.attname = 'version'
                """, [.text(table)]
            ).first?["type"].string
            if type == "integer" {
                try connection.execute(script: "ALTER TABLE \(table) ALTER COLUMN version TYPE bigint")
            }
            try connection.execute(
                script: """
                    ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'applied';
                    ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS failed_statement integer
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
                        kind TEXT NOT NULL DEFAULT 'applied',
                        failed_statement INTEGER,
                        PRIMARY KEY (module, version)
                    )
                    """)
            let columns = try connection.query("SELECT name FROM pragma_table_info('seedctl_migrations')")
                .compactMap { $0["name"].string }
            if !columns.contains("kind") {
                try connection.execute(
                    script: "ALTER TABLE seedctl_migrations ADD COLUMN kind TEXT NOT NULL DEFAULT 'applied'")
            }
            if !columns.contains("failed_statement") {
                try connection.execute(
                    script: "ALTER TABLE seedctl_migrations ADD COLUMN failed_statement INTEGER")
            }
        }
    }

    /// Every recorded migration; empty when the ledger table does not exist yet.
    func entries() throws -> [Entry] {
        guard try exists() else { return [] }
        let appliedAt =
            connection.dialect == .postgres
            ? #"to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"# : "applied_at"
        let columns: Set<String> =
            switch connection.dialect {
            case .postgres:
                Set(
                    try connection.query(
                        "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = $1::regclass AND attnum > 0",
                        [.text(table)]
                    ).compactMap { $0["attname"].string })
            case .sqlite:
                Set(
                    try connection.query("SELECT name FROM pragma_table_info('seedctl_migrations')")
                        .compactMap {
                            $0["name"].string
                        })
            }
        let kind = columns.contains("kind") ? "kind" : "'applied' AS kind"
        let failed = columns.contains("failed_statement") ? "failed_statement" : "NULL AS failed_statement"
        return try connection.query(
            "SELECT module, version, name, checksum, \(appliedAt) AS applied_at, duration_ms, \(kind), \(failed) FROM \(table) ORDER BY applied_at, module, version"
        ).map { row in
            Entry(
                module: row["module"].string ?? "", version: Int(row["version"].int ?? 0),
                name: row["name"].string ?? "", checksum: row["checksum"].string ?? "",
                appliedAt: row["applied_at"].string ?? "", durationMs: row["duration_ms"].double ?? 0,
                kind: row["kind"].string.flatMap(Kind.init(rawValue:)) ?? .applied,
                failedStatement: row["failed_statement"].int.map { Int($0) })
        }
    }

    /// The row of `migration`, read inside the applying transaction, after the lock.
    func entry(_ migration: Migration) throws -> Entry? {
        try entries().first { $0.module == migration.module && $0.version == migration.version }
    }

    /// Whether `migration` is recorded (read inside the applying transaction, after the lock).
    func contains(_ migration: Migration) throws -> Bool {
        try !connection.query(
            "SELECT 1 FROM \(table) WHERE module = $1 AND version = $2",
            [.text(migration.module), .integer(Int64(migration.version))]
        ).isEmpty
    }

    /// Records `migration` (replacing a failed attempt's row).
    /// A failed attempt records the checksum of the statements that ran instead of the file's.
    func record(
        _ migration: Migration, durationMs: Double, kind: Kind = .applied, failedStatement: Int? = nil,
        checksum: String? = nil
    ) throws {
        try forget(migration)
        try connection.query(
            "INSERT INTO \(table) (module, version, name, checksum, duration_ms, kind, failed_statement) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [
                .text(migration.module), .integer(Int64(migration.version)), .text(migration.name),
                .text(checksum ?? migration.checksum), .real(durationMs), .text(kind.rawValue),
                failedStatement.map { .integer(Int64($0)) } ?? .null,
            ])
    }

    /// Removes the row of `migration`.
    func forget(_ migration: Migration) throws {
        try forget(module: migration.module, version: migration.version)
    }

    /// Removes the row of `module`/`version`.
    func forget(module: String, version: Int) throws {
        try connection.query(
            "DELETE FROM \(table) WHERE module = $1 AND version = $2",
            [.text(module), .integer(Int64(version))])
    }
}
