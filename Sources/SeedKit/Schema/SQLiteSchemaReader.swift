/// Reads a SQLite database's tables through the `pragma_*` table-valued functions, and the
/// CHECKs from each table's `CREATE TABLE` text. SQLite stores uuids, timestamps and JSON as
/// TEXT: a column's logical type comes from its declared type, refined by what its CHECKs
/// pin (a uuid or timestamp `GLOB` pattern, `json_valid`, `IN (0, 1)` for a boolean).
struct SQLiteSchemaReader {
    let connection: any Connection

    func read() throws -> DatabaseSchema {
        let tables = try connection.query(
            """
            SELECT name, sql FROM sqlite_schema
            WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND name NOT LIKE 'seedctl\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%'
            ORDER BY name
            """)
        var read = try tables.map { try table($0["name"].string ?? "", sql: $0["sql"].string ?? "") }
        // `REFERENCES parent` without columns means the parent's primary key.
        let keys = Dictionary(read.map { ($0.name, $0.primaryKey) }, uniquingKeysWith: { first, _ in first })
        read = read.map { table in
            var table = table
            table.foreignKeys = table.foreignKeys.map { key in
                key.referencedColumns.isEmpty
                    ? TableSchema.ForeignKey(
                        columns: key.columns, table: key.table, referencedColumns: keys[key.table] ?? [])
                    : key
            }
            return table
        }
        return DatabaseSchema(dialect: .sqlite, tables: read.map { Self.typingForeignKeys($0, in: read) })
    }

    /// A TEXT column that references a uuid (or timestamp) column holds the same: it takes the
    /// referenced column's logical type when its own CHECKs say nothing more.
    private static func typingForeignKeys(_ table: TableSchema, in tables: [TableSchema]) -> TableSchema {
        var table = table
        for key in table.foreignKeys {
            guard let parent = tables.first(where: { $0.name == key.table }) else { continue }
            for (column, referenced) in zip(key.columns, key.referencedColumns) {
                guard let index = table.columns.firstIndex(where: { $0.name == column }),
                    table.columns[index].type == .text,
                    let type = parent.column(referenced)?.type, [.uuid, .timestamp, .date].contains(type)
                else { continue }
                table.columns[index].type = type
            }
        }
        return table
    }

    private func table(_ name: String, sql: String) throws -> TableSchema {
        let checks = SQLiteTableDefinition.checks(in: sql)
        let shape = CheckShape(checks.map(\.expression))
        let rows = try connection.query(
            #"SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo($1) ORDER BY cid"#,
            [.text(name)])
        let declaredKey = rows.filter { ($0["pk"].int ?? 0) > 0 }
            .sorted { ($0["pk"].int ?? 0) < ($1["pk"].int ?? 0) }.compactMap { $0["name"].string }
        let (uniqueIndexes, conventionalKey) = try uniqueIndexes(of: name)
        let primaryKey = declaredKey.isEmpty ? conventionalKey ?? [] : declaredKey
        let columns: [ColumnSchema] = rows.filter { ($0["hidden"].int ?? 0) != 1 }.map { row in
            let column = row["name"].string ?? ""
            let declared = row["type"].string ?? ""
            let hidden = row["hidden"].int ?? 0
            let rowid = declaredKey == [column] && declared.uppercased() == "INTEGER"
            let generation: ColumnSchema.Generation? =
                hidden >= 2 ? .expression : rowid ? .identityByDefault : nil
            var type = shape.types[column] ?? LogicalType.sqliteDeclared(declared)
            let allowed = shape.allowed[column]
            if type == .integer, let allowed, Set(allowed) == ["0", "1"] { type = .boolean }
            return ColumnSchema(
                name: column, type: type, declaredType: declared,
                nullable: row["notnull"].int != 1 && !rowid,
                defaultValue: row["dflt_value"].string.map(ColumnDefault.init), generated: generation,
                allowedValues: type == .boolean ? nil : allowed, range: shape.range(of: column))
        }
        let foreignKeys = try connection.query(
            #"SELECT id, "table", "from", "to" FROM pragma_foreign_key_list($1) ORDER BY id, seq"#,
            [.text(name)])
        let grouped = Dictionary(grouping: foreignKeys, by: { $0["id"].int ?? 0 }).sorted { $0.key < $1.key }
        return TableSchema(
            name: name, columns: columns, primaryKey: primaryKey,
            unique: uniqueIndexes.filter { $0 != primaryKey },
            foreignKeys: grouped.map { _, rows in
                TableSchema.ForeignKey(
                    columns: rows.compactMap { $0["from"].string }, table: rows.first?["table"].string ?? "",
                    referencedColumns: rows.compactMap { $0["to"].string })
            }, checks: checks)
    }

    /// The column lists of the table's unique indexes without a predicate or expression, and
    /// the one named `…_pkey` on NOT NULL columns: seedctl's SQLite migrations declare their
    /// primary key so, to keep PostgreSQL's index name (a PRIMARY KEY clause would get an
    /// unnamed `sqlite_autoindex_*`).
    private func uniqueIndexes(of table: String) throws -> ([[String]], [String]?) {
        let indexes = try connection.query(
            #"SELECT name FROM pragma_index_list($1) WHERE "unique" = 1 AND partial = 0 ORDER BY name"#,
            [.text(table)])
        var unique: [[String]] = []
        var key: [String]?
        for index in indexes {
            let name = index["name"].string ?? ""
            let columns = try connection.query(
                "SELECT cid, name FROM pragma_index_info($1) ORDER BY seqno", [.text(name)])
            guard columns.allSatisfy({ ($0["cid"].int ?? -1) >= 0 }) else { continue }
            let names = columns.compactMap { $0["name"].string }
            unique.append(names)
            if name.hasSuffix("_pkey"), key == nil { key = names }
        }
        return (unique, key)
    }
}
