/// Columns a migration added to a seeded table that seeding cannot fill: NOT NULL, with no
/// DEFAULT, not computed by the database, and not written by the table's generator. Checked
/// before anything is written, so the seed is refused with their names instead of failing
/// mid-load with the server's NOT NULL error.
enum UnfillableColumns {
    /// Throws a `ConfigurationError` naming every such column, with its type.
    static func requireNone(on connection: any Connection) throws {
        let schema = try SchemaReader.read(connection)
        var unfillable: [String] = []
        for seeded in SeedSchema.tables {
            guard let table = schema.table(seeded.name) else { continue }  // not migrated: readiness says so
            let written = Set(seeded.columns.map(\.name))
            for column in table.columns
            where !written.contains(column.name) && !column.nullable && column.defaultValue == nil
                && column.generated == nil
            {
                unfillable.append(
                    "\(table.name).\(column.name) (\(column.declaredType), NOT NULL, no DEFAULT)")
            }
        }
        guard !unfillable.isEmpty else { return }
        let list = unfillable.joined(separator: ", ")
        throw ConfigurationError(
            "seedctl cannot fill \(list), which a migration added: give it a DEFAULT or allow NULL "
                + "in a migration (nothing was written)")
    }
}
