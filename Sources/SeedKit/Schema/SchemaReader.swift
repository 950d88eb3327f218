/// Reads back the schema a database was migrated to, as `seedctl schema` shows it.
public enum SchemaReader {
    /// Every user table of the database behind `connection` (seedctl's ledger and dataset
    /// record left out).
    public static func read(_ connection: any Connection) throws -> DatabaseSchema {
        switch connection.dialect {
        case .postgres: try PostgresSchemaReader(connection: connection).read()
        case .sqlite: try SQLiteSchemaReader(connection: connection).read()
        }
    }
}
