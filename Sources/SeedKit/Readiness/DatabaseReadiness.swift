/// Whether a database is ready for a command: migrated, seeded, or empty enough to seed. Each
/// check fails with a `NotReadyError` naming what to run first.
struct DatabaseReadiness {
    let connection: any Connection

    /// Fails naming the first missing table and `seedctl migrate`.
    func requireMigrated() throws {
        let missing = try SeedSchema.tables.map { $0.physicalName(connection.dialect) }.filter {
            try !connection.tableExists($0)
        }
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
        try SeedSchema.tables.map { $0.physicalName(connection.dialect) }.filter {
            try !connection.query("SELECT 1 FROM \($0) LIMIT 1").isEmpty
        }
    }

    /// Fails unless every seeded table is empty.
    func requireEmpty() throws {
        let tables = try nonEmptyTables()
        guard !tables.isEmpty else { return }
        throw NotReadyError(
            "\(tables.joined(separator: ", ")) already hold\(tables.count == 1 ? "s" : "") data; "
                + "use 'seedctl seed --clear' to replace it (nothing was changed)")
    }

    /// Fails when this part's first design job is already there.
    func requirePartAbsent(_ plan: DatasetPlan) throws {
        let jobs = SeedSchema.designJobs.physicalName(connection.dialect)
        guard let first = plan.jobRange.first else { return }
        let id = SQLValue.text(plan.jobID(first).description)
        guard try connection.query("SELECT 1 FROM \(jobs) WHERE id = $1", [id]).isEmpty else {
            throw NotReadyError(
                "part \(plan.part) is already loaded (its first design job exists); "
                    + "use --clear to start over")
        }
    }
}
