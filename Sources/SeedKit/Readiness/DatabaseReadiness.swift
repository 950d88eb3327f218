/// Whether a database is ready for a command: migrated, seeded, or empty enough to seed. Each
/// check fails with a `NotReadyError` naming what to run first.
struct DatabaseReadiness {
    let connection: any Connection
    /// The tables the checks look at, by their names in this database, parents first.
    let tables: [String]

    /// Fails naming the first missing table and `seedctl migrate`.
    func requireMigrated() throws {
        let missing = try tables.filter { try !connection.tableExists($0) }
        guard let first = missing.first else { return }
        let more = missing.count > 1 ? " and \(missing.count - 1) more" : ""
        throw NotReadyError(
            "the database is not migrated (table \(first)\(more) missing); run 'seedctl migrate' first")
    }

    /// Fails with `message` unless the database is migrated and a seeded table holds rows.
    func requireSeeded(else message: @autoclosure () -> String) throws {
        try requireMigrated()
        guard try !nonEmptyTables().isEmpty else { throw NotReadyError(message()) }
    }

    /// Seeded tables that hold rows.
    func nonEmptyTables() throws -> [String] {
        try tables.filter { try !connection.query("SELECT 1 FROM \($0) LIMIT 1").isEmpty }
    }

    /// Fails unless every seeded table is empty.
    func requireEmpty() throws {
        let tables = try nonEmptyTables()
        guard !tables.isEmpty else { return }
        throw NotReadyError(
            "\(tables.joined(separator: ", ")) already hold\(tables.count == 1 ? "s" : "") data; "
                + "use 'seedctl seed --clear' to replace it (nothing was changed)")
    }
}
