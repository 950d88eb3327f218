import Foundation

/// The shadow tables of a `seed --jobs` load: one private schema `seedctl_shadow_XXXXXXXX`
/// holding a table per seeded table, created `LIKE` it (columns, defaults, checks, generated
/// columns, storage, column comments; no keys or indexes), loaded with binary COPY, then given
/// the real table's keys, indexes and foreign keys (same names and definitions), and finally
/// swapped in: the real tables are dropped and the shadows moved into their schemas in one
/// transaction. Until that commits, the real tables are untouched.
///
/// The schema carries a comment (`marker`); `dropLeftovers` removes every schema so marked,
/// which is only safe under the dataset's exclusive advisory lock: a live `--jobs` run holds
/// that lock from before it creates its schema until its swap commits, so whatever its
/// holder finds is left over from a killed run.
struct ShadowTables: Sendable {
    /// One seeded table and its shadow.
    struct Table: Sendable {
        let seeded: SeededTable
        /// The real table's schema, and its name quoted and schema-qualified.
        let schema: String
        let real: String
        let shadow: String
        /// `ALTER TABLE … ADD CONSTRAINT` of its keys, `CREATE INDEX` of its other indexes and
        /// `ALTER TABLE … ADD CONSTRAINT` of its foreign keys, all aimed at the shadow.
        var keys: [String] = []
        var indexes: [String] = []
        var foreignKeys: [String] = []
    }

    static let prefix = "seedctl_shadow_"
    static let marker = "seedctl seed --jobs shadow tables, not data: the next seed or clear drops them"

    let schema: String
    /// The shadow schema, then the real tables' schemas: the foreign keys' definitions name
    /// seeded tables without a schema, so they resolve to the shadows.
    let searchPath: String
    let tables: [Table]

    /// Drops the shadow schemas of killed `--jobs` runs. Call it holding the dataset's
    /// exclusive advisory lock.
    static func dropLeftovers(on connection: any Connection) throws {
        guard connection.dialect == .postgres else { return }
        let leftovers = try connection.query(
            """
            SELECT nspname FROM pg_namespace
            WHERE nspname LIKE 'seedctl\\_shadow\\_%' AND obj_description(oid, 'pg_namespace') = $1
            """, [.text(marker)])
        for row in leftovers {
            guard let name = row["nspname"].string else { continue }
            try connection.execute(script: "DROP SCHEMA \(quote(name)) CASCADE")
        }
    }

    /// Creates the shadow schema (committed, so the loading connections see it) and reads the
    /// real tables' keys, indexes and foreign keys.
    static func create(on connection: any Connection) throws -> ShadowTables {
        let token = UUID().uuidString.prefix(8).lowercased()
        let schema = prefix + token
        return try connection.transaction {
            let list = SeedSchema.tables.map { "'\($0.physicalName(.postgres))'" }.joined(separator: ",")
            let rows = try connection.query(
                """
                SELECT t.ordinality - 1 AS position, c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
                       quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified
                FROM unnest(ARRAY[\(list)]::regclass[]) WITH ORDINALITY AS t(rel, ordinality)
                JOIN pg_class c ON c.oid = t.rel JOIN pg_namespace n ON n.oid = c.relnamespace
                ORDER BY 1
                """)
            var tables: [Table] = []
            var oids: [Int64] = []
            for (row, seeded) in zip(rows, SeedSchema.tables) {
                let name = row["name"].string ?? seeded.name
                tables.append(
                    Table(
                        seeded: seeded, schema: row["schema"].string ?? "public",
                        real: row["qualified"].string ?? seeded.physicalName(.postgres),
                        shadow: quote(schema) + "." + quote(name)))
                oids.append(row["oid"].int ?? 0)
            }
            var schemas: [String] = []
            for table in tables where !schemas.contains(table.schema) { schemas.append(table.schema) }
            // With only the real schemas on the path, foreign keys name seeded tables unqualified.
            try connection.query(
                "SELECT set_config('search_path', $1, true)",
                [.text(schemas.map(quote).joined(separator: ", "))])
            let oidList = "ARRAY[\(oids.map(String.init).joined(separator: ","))]::oid[]"
            for row in try connection.query(
                """
                SELECT t.ordinality - 1 AS position, con.conname, con.contype::text AS kind, pg_get_constraintdef(con.oid) AS def
                FROM unnest(\(oidList)) WITH ORDINALITY AS t(rel, ordinality)
                JOIN pg_constraint con ON con.conrelid = t.rel
                WHERE con.contype IN ('p', 'u', 'x', 'f') ORDER BY 1, con.conname
                """)
            {
                guard let position = row["position"].int.map(Int.init), tables.indices.contains(position)
                else {
                    continue
                }
                let sql =
                    "ALTER TABLE \(tables[position].shadow) ADD CONSTRAINT \(quote(row["conname"].string ?? "")) "
                    + (row["def"].string ?? "")
                if row["kind"].string == "f" {
                    tables[position].foreignKeys.append(sql)
                } else {
                    tables[position].keys.append(sql)
                }
            }
            for row in try connection.query(
                """
                SELECT t.ordinality - 1 AS position, pg_get_indexdef(i.indexrelid) AS def
                FROM unnest(\(oidList)) WITH ORDINALITY AS t(rel, ordinality)
                JOIN pg_index i ON i.indrelid = t.rel
                WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1, i.indexrelid::regclass::text
                """)
            {
                guard let position = row["position"].int.map(Int.init), tables.indices.contains(position),
                    let definition = row["def"].string
                else { continue }
                // pg_get_indexdef always names the table schema-qualified: aim it at the shadow.
                let on = " ON \(tables[position].real) USING "
                guard let range = definition.range(of: on) else {
                    throw ConfigurationError("cannot aim index definition '\(definition)' at a shadow table")
                }
                tables[position].indexes.append(
                    definition.replacingCharacters(in: range, with: " ON \(tables[position].shadow) USING "))
            }
            try connection.execute(script: "CREATE SCHEMA \(quote(schema))")
            try connection.execute(
                script:
                    "COMMENT ON SCHEMA \(quote(schema)) IS '\(marker.replacingOccurrences(of: "'", with: "''"))'"
            )
            return ShadowTables(
                schema: schema, searchPath: ([schema] + schemas).map(quote).joined(separator: ", "),
                tables: tables)
        }
    }

    /// Creates `table`'s shadow, calls `load` to COPY its rows into it, then builds its keys and
    /// indexes and analyzes it; one transaction, so COPY may write frozen rows.
    func build(_ table: Table, on connection: any Connection, load: () throws -> Void) throws {
        try connection.transaction {
            try connection.execute(script: "SET LOCAL maintenance_work_mem = '256MB'")
            try connection.execute(
                script: "CREATE TABLE \(table.shadow) (LIKE \(table.real) INCLUDING ALL EXCLUDING INDEXES)")
            try load()
            for sql in table.keys + table.indexes { try connection.execute(script: sql) }
            try connection.execute(script: "ANALYZE \(table.shadow)")
        }
    }

    /// Adds `table`'s foreign keys to its shadow (validating them), in one transaction.
    func addForeignKeys(_ table: Table, on connection: any Connection) throws {
        guard !table.foreignKeys.isEmpty else { return }
        try connection.transaction {
            try connection.query("SELECT set_config('search_path', $1, true)", [.text(searchPath)])
            for sql in table.foreignKeys { try connection.execute(script: sql) }
        }
    }

    /// Inside the caller's transaction: locks the real tables, checks a swap still loses
    /// nothing, drops them and moves the shadows into their places.
    func swap(on connection: any Connection, beforeDropping check: () throws -> Void) throws {
        let reals = tables.map(\.real).joined(separator: ", ")
        try connection.execute(script: "LOCK TABLE \(reals) IN ACCESS EXCLUSIVE MODE")
        let blockers = try ShadowSwapCheck.blockers(on: connection)
        guard blockers.isEmpty else {
            throw NotReadyError(
                "the seeded tables changed during the load (\(blockers.joined(separator: "; "))); "
                    + "nothing was changed; run the seed again")
        }
        try check()
        try connection.execute(script: "DROP TABLE \(reals)")
        for table in tables {
            try connection.execute(
                script: "ALTER TABLE \(table.shadow) SET SCHEMA \(Self.quote(table.schema))")
        }
        try connection.execute(script: "DROP SCHEMA \(Self.quote(schema))")
    }

    /// Drops this run's shadow schema (after a failure).
    func drop(on connection: any Connection) throws {
        try connection.execute(script: "DROP SCHEMA IF EXISTS \(Self.quote(schema)) CASCADE")
    }

    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
