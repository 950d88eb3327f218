/// Reads the migrated schema as the dataset's rules need it: while a PostgreSQL parts load is
/// unfinished, the seeded tables' keys and foreign keys are dropped (`PostgresIndexes`, kept
/// in `seedctl_dataset`), so they are read back from the record, and every part binds the
/// specs to the same schema.
enum DatasetSchemaReader {
    static func read(_ connection: any Connection) throws -> DatabaseSchema {
        let schema = try SchemaReader.read(connection)
        guard let record = try DatasetRecord.load(connection), !record.dropped.isEmpty else { return schema }
        return restoring(record.dropped, in: schema)
    }

    /// `schema` with the dropped keys and foreign keys put back.
    static func restoring(_ dropped: [PostgresIndexes.Definition], in schema: DatabaseSchema)
        -> DatabaseSchema
    {
        let tables = schema.tables.map { table -> TableSchema in
            var primaryKey = table.primaryKey
            var unique = table.unique
            var foreignKeys = table.foreignKeys
            for definition in dropped where definition.table == table.name {
                switch definition.kind {
                case "p": primaryKey = columns(definition.sql.firstMatch(of: Self.key)?.1)
                case "u":
                    let key = columns(definition.sql.firstMatch(of: Self.key)?.1)
                    if !unique.contains(key) { unique.append(key) }
                case "f":
                    guard let match = definition.sql.firstMatch(of: Self.foreignKey) else { continue }
                    let key = TableSchema.ForeignKey(
                        columns: columns(match.1),
                        table: String(match.2).replacingOccurrences(of: "public.", with: ""),
                        referencedColumns: columns(match.3))
                    if !foreignKeys.contains(key) { foreignKeys.append(key) }
                default: continue
                }
            }
            return TableSchema(
                name: table.name, columns: table.columns, primaryKey: primaryKey, unique: unique,
                foreignKeys: foreignKeys, checks: table.checks)
        }
        return DatabaseSchema(dialect: schema.dialect, tables: tables)
    }

    private static func columns(_ list: Substring?) -> [String] {
        (list ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
        }
    }

    nonisolated(unsafe) private static let key = #/\(([^)]*)\)/#
    nonisolated(unsafe) private static let foreignKey =
        #/FOREIGN KEY \(([^)]*)\) REFERENCES ([^\s(]+)\(([^)]*)\)/#
}
