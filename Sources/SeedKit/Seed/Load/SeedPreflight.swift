/// Checks before a seed: the schema is migrated, and the tables are empty (or, with `--part`,
/// free of this part's rows).
struct SeedPreflight {
    let connection: any Connection

    /// Fails naming the first missing table and `seedctl migrate`.
    func requireMigrated() throws {
        let missing = try SeedSchema.tables.filter { try !connection.tableExists($0.physicalName(connection.dialect)) }
        guard let first = missing.first else { return }
        throw SeedRefusal(
            description: "the database is not migrated (table \(first.physicalName(connection.dialect))\(missing.count > 1 ? " and \(missing.count - 1) more" : "") missing); run 'seedctl migrate' first")
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
        throw SeedRefusal(
            description: "\(tables.joined(separator: ", ")) already hold\(tables.count == 1 ? "s" : "") data; use 'seedctl seed --clear' to replace it (nothing was changed)")
    }

    /// Fails when this part's first job or pattern is already there.
    func requirePartAbsent(_ plan: DatasetPlan) throws {
        let jobs = SeedSchema.designJobs.physicalName(connection.dialect)
        if let first = plan.jobRange.first,
            try !connection.query("SELECT 1 FROM \(jobs) WHERE id = $1", [.text(plan.jobID(first).description)]).isEmpty
        {
            throw SeedRefusal(description: "part \(plan.part) is already loaded (its first design job exists); use --clear to start over")
        }
    }

    /// Empties every seeded table: one TRUNCATE on PostgreSQL, DELETEs children first on SQLite.
    func clear() throws {
        let names = SeedSchema.tables.map { $0.physicalName(connection.dialect) }
        switch connection.dialect {
        case .postgres:
            try connection.execute(script: "TRUNCATE \(names.joined(separator: ", "))")
        case .sqlite:
            for name in names.reversed() { try connection.execute(script: "DELETE FROM \(name)") }
        }
    }
}
