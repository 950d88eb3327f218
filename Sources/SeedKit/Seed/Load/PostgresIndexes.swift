/// Drops a set of tables' keys, foreign keys and indexes for a bulk load and recreates them
/// exactly afterwards, from `pg_get_constraintdef` and `pg_get_indexdef` — as pg_restore does.
struct PostgresIndexes {
    struct Definition: Sendable, Equatable, Codable {
        let table: String
        let name: String
        let sql: String
        let kind: String  // p/u: key, f: foreign key, i: plain index
    }

    let connection: any Connection
    /// What `drop` removed, in the order `restore` needs; a parts load keeps it in
    /// `seedctl_dataset` for the last part.
    var saved: [Definition] = []

    /// Records and drops every key, foreign key (in or into the tables) and index of `tables`.
    mutating func drop(_ tables: [String]) throws {
        let list = "ARRAY[\(tables.map { "'\($0)'" }.joined(separator: ","))]::regclass[]"
        let constraints = try connection.query(
            """
            SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def, contype::text AS kind
            FROM pg_constraint
            WHERE (conrelid = ANY(\(list)) AND contype IN ('p', 'u', 'f')) OR (confrelid = ANY(\(list)) AND contype = 'f')
            """)
        let indexes = try connection.query(
            """
            SELECT indrelid::regclass::text AS tbl, indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
            FROM pg_index
            WHERE indrelid = ANY(\(list)) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)
            """)
        saved =
            constraints.map {
                Definition(
                    table: $0["tbl"].string ?? "", name: $0["conname"].string ?? "",
                    sql: $0["def"].string ?? "",
                    kind: $0["kind"].string ?? "f")
            }
            + indexes.map {
                Definition(
                    table: $0["tbl"].string ?? "", name: $0["name"].string ?? "", sql: $0["def"].string ?? "",
                    kind: "i")
            }
        for definition in saved where definition.kind == "f" {
            try connection.execute(
                script: "ALTER TABLE \(definition.table) DROP CONSTRAINT \(quote(definition.name))")
        }
        for definition in saved where definition.kind == "p" || definition.kind == "u" {
            try connection.execute(
                script: "ALTER TABLE \(definition.table) DROP CONSTRAINT \(quote(definition.name))")
        }
        for definition in saved where definition.kind == "i" {
            try connection.execute(script: "DROP INDEX \(definition.name)")
        }
    }

    /// Records and drops only the plain (non-constraint) indexes of `tables`; keys and foreign
    /// keys stay, so other connections can load related tables at the same time.
    mutating func dropPlainIndexes(_ tables: [String]) throws {
        let list = "ARRAY[\(tables.map { "'\($0)'" }.joined(separator: ","))]::regclass[]"
        saved = try connection.query(
            """
            SELECT indrelid::regclass::text AS tbl, indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
            FROM pg_index
            WHERE indrelid = ANY(\(list)) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)
            """
        ).map {
            Definition(
                table: $0["tbl"].string ?? "", name: $0["name"].string ?? "", sql: $0["def"].string ?? "",
                kind: "i")
        }
        for definition in saved { try connection.execute(script: "DROP INDEX \(definition.name)") }
    }

    /// Recreates what `drop` removed: keys, then indexes, then foreign keys (which validate).
    func restore() throws {
        for definition in saved where definition.kind == "p" || definition.kind == "u" {
            try connection.execute(
                script:
                    "ALTER TABLE \(definition.table) ADD CONSTRAINT \(quote(definition.name)) \(definition.sql)"
            )
        }
        for definition in saved where definition.kind == "i" {
            try connection.execute(script: definition.sql)
        }
        for definition in saved where definition.kind == "f" {
            try connection.execute(
                script:
                    "ALTER TABLE \(definition.table) ADD CONSTRAINT \(quote(definition.name)) \(definition.sql)"
            )
        }
    }

    private func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
