/// The seeded tables as a whole.
enum SeededTables {
    /// Readiness checks over every seeded table of `connection`'s database.
    static func readiness(on connection: any Connection) -> DatabaseReadiness {
        DatabaseReadiness(
            connection: connection, tables: SeedSchema.tables.map { $0.physicalName(connection.dialect) })
    }

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

    /// Fails when `plan`'s part is already loaded (its first design job exists).
    static func requirePartAbsent(_ plan: DatasetPlan, on connection: any Connection) throws {
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
