/// The seeded tables as a whole.
enum SeededTables {
    /// Empties every seeded table: one TRUNCATE on PostgreSQL, DELETEs children first on SQLite.
    static func clear(on connection: any Connection) throws {
        let names = SeedSchema.tables.map { $0.physicalName(connection.dialect) }
        switch connection.dialect {
        case .postgres:
            try connection.execute(script: "TRUNCATE \(names.joined(separator: ", "))")
        case .sqlite:
            for name in names.reversed() { try connection.execute(script: "DELETE FROM \(name)") }
        }
    }
}
