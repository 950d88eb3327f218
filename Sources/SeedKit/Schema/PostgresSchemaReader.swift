import Foundation

/// Reads a PostgreSQL database's tables from `pg_catalog` (not `information_schema`, which
/// lists only what the user has privileges on): columns with their types, NOT NULL, defaults,
/// identity and generated columns, keys, foreign keys, CHECKs and enum labels.
struct PostgresSchemaReader {
    let connection: any Connection

    func read() throws -> DatabaseSchema {
        let tables = try connection.query(
            """
            SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND c.relname NOT LIKE 'seedctl\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
            ORDER BY n.nspname = 'public' DESC, n.nspname, c.relname
            """)
        return DatabaseSchema(
            dialect: .postgres,
            tables: try tables.map { row in
                let schema = row["schema"].string ?? "public"
                let name = row["name"].string ?? ""
                return try table(oid: row["oid"], name: schema == "public" ? name : "\(schema).\(name)")
            })
    }

    private func table(oid: SQLValue, name: String) throws -> TableSchema {
        let constraints = try connection.query(
            """
            SELECT c.contype AS kind, c.conname AS name,
              (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)::text AS columns,
              (SELECT CASE WHEN rn.nspname = 'public' THEN r.relname ELSE rn.nspname || '.' || r.relname END
               FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace WHERE r.oid = c.confrelid) AS target,
              (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)::text AS target_columns,
              pg_get_expr(c.conbin, c.conrelid) AS expression
            FROM pg_constraint c WHERE c.conrelid = $1::oid ORDER BY c.conname
            """, [oid])
        let uniqueIndexes = try connection.query(
            """
            SELECT (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n)::text AS columns
            FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
            WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
            ORDER BY x.relname
            """, [oid])
        func names(_ value: SQLValue) throws -> [String] {
            guard let json = value.string else { return [] }
            return try JSONDecoder().decode([String].self, from: Data(json.utf8))
        }
        let checks = constraints.filter { $0["kind"].string == "c" }.map {
            TableSchema.Check(name: $0["name"].string, expression: $0["expression"].string ?? "")
        }
        let primaryKey =
            try constraints.first { $0["kind"].string == "p" }.map { try names($0["columns"]) } ?? []
        let unique =
            try constraints.filter { $0["kind"].string == "u" }.map { try names($0["columns"]) }
            + uniqueIndexes.map { try names($0["columns"]) }
        let foreignKeys = try constraints.filter { $0["kind"].string == "f" }.map {
            TableSchema.ForeignKey(
                columns: try names($0["columns"]), table: $0["target"].string ?? "",
                referencedColumns: try names($0["target_columns"]))
        }
        let shape = CheckShape(checks.map(\.expression))
        return TableSchema(
            name: name, columns: try columns(oid: oid, shape: shape), primaryKey: primaryKey,
            unique: unique.filter { $0 != primaryKey }, foreignKeys: foreignKeys, checks: checks)
    }

    private func columns(oid: SQLValue, shape: CheckShape) throws -> [ColumnSchema] {
        let rows = try connection.query(
            """
            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS declared,
              format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, NULL) AS base,
              t.typtype AS kind, a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_value,
              a.attidentity AS identity, a.attgenerated AS generated,
              (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e
               WHERE e.enumtypid = a.atttypid)::text AS labels
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [oid])
        return try rows.map { row in
            let name = row["name"].string ?? ""
            let generation: ColumnSchema.Generation? =
                switch (row["identity"].string ?? "", row["generated"].string ?? "") {
                case ("a", _): .identityAlways
                case ("d", _): .identityByDefault
                case (_, "s"), (_, "v"): .expression
                default: nil
                }
            let labels = try row["labels"].string.map {
                try JSONDecoder().decode([String].self, from: Data($0.utf8))
            }
            return ColumnSchema(
                name: name,
                type: LogicalType.postgres(row["base"].string ?? "", kind: row["kind"].string ?? ""),
                declaredType: row["declared"].string ?? "", nullable: row["not_null"].bool != true,
                defaultValue: generation == .expression
                    ? nil : row["default_value"].string.map(ColumnDefault.init),
                generated: generation, allowedValues: labels ?? shape.allowed[name],
                range: shape.range(of: name))
        }
    }
}
