/// The seeded tables as a whole.
enum SeededTables {
    /// Readiness checks over every seeded table of `connection`'s database, and `also` (the
    /// dataset specs' new tables).
    static func readiness(on connection: any Connection, also: [String] = []) -> DatabaseReadiness {
        DatabaseReadiness(
            connection: connection,
            tables: SeedSchema.tables.map { $0.physicalName(connection.dialect) } + also)
    }

    /// The advisory lock keys (PostgreSQL) of the seeded dataset: its structure (taken exclusive
    /// by whole runs, `clear` and a part's set-up; shared by parts while they stream), its
    /// record (exclusive, while a part marks itself loaded) and, in their own class, each part.
    enum LockKey {
        static let dataset: (Int32, Int32) = (0x7365_6564, 2)
        static let record: (Int32, Int32) = (0x7365_6564, 3)
        static func part(_ index: Int) -> (Int32, Int32) { (0x7365_6570, Int32(truncatingIfNeeded: index)) }
    }

    /// Takes the dataset's advisory lock until the end of the transaction (PostgreSQL; SQLite's
    /// `BEGIN IMMEDIATE` already serializes writers). Run it first in the transaction, before
    /// any seeded table is touched, so every run takes its locks in the same order.
    static func lockDataset(on connection: any Connection, shared: Bool = false) throws {
        guard connection.dialect == .postgres else { return }
        try lock(LockKey.dataset, shared: shared, on: connection)
    }

    static func lock(_ key: (Int32, Int32), shared: Bool = false, on connection: any Connection) throws {
        let function = shared ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock"
        try connection.query(
            "SELECT \(function)($1, $2)", [.integer(Int64(key.0)), .integer(Int64(key.1))])
    }

    /// Empties every seeded table and `also` (the specs' new tables, children of seeded ones):
    /// one TRUNCATE on PostgreSQL, DELETEs children first on SQLite. Recreates what an
    /// unfinished parts load dropped, so the tables are whole again.
    static func clear(on connection: any Connection, record: DatasetRecord?, also: [String] = []) throws {
        let names = SeedSchema.tables.map { $0.physicalName(connection.dialect) } + also
        switch connection.dialect {
        case .postgres:
            try connection.execute(script: "TRUNCATE \(names.joined(separator: ", "))")
        case .sqlite:
            for name in names.reversed() { try connection.execute(script: "DELETE FROM \(name)") }
        }
        if let record, !record.dropped.isEmpty {
            try PostgresIndexes(connection: connection, saved: record.dropped).restore()
        }
    }

    /// Fails unless seedctl may delete the seeded tables' rows: they are empty, or
    /// `seedctl_dataset` says seedctl wrote them, or `force` is set. Names each table holding
    /// rows and how many.
    static func requireOwned(
        record: DatasetRecord?, force: Bool, on connection: any Connection, also: [String] = []
    ) throws {
        guard record == nil, !force else { return }
        let held = try readiness(on: connection, also: also).nonEmptyTables()
        guard !held.isEmpty else { return }
        let counts = try held.map { table in
            "\(table) (\(try connection.query("SELECT count(*) AS n FROM \(table)").first?["n"].int ?? 0) rows)"
        }
        throw NotReadyError(
            "seedctl did not write the rows in \(counts.joined(separator: ", ")) (no seedctl_dataset record); "
                + "nothing was deleted; pass --force to delete them anyway")
    }

    /// The record with `plan`'s part added, after checking that the database holds parts of
    /// the same dataset (same seed, profile, anchor, counts and N) and not this part yet; with
    /// no record, the seeded tables must be empty. Each refusal names what differs.
    static func claimPart(
        _ plan: DatasetPlan, previous: DatasetRecord?, on connection: any Connection, also: [String] = []
    ) throws -> DatasetRecord {
        guard var record = previous else {
            let held = try readiness(on: connection, also: also).nonEmptyTables()
            guard held.isEmpty else {
                throw NotReadyError(
                    "\(held.joined(separator: ", ")) hold\(held.count == 1 ? "s" : "") rows no seedctl part wrote "
                        + "(no seedctl_dataset record); run 'seedctl clear' first, then every part (nothing was changed)"
                )
            }
            var record = DatasetRecord(plan: plan)
            record.loaded = [plan.part.index]
            return record
        }
        let differences = record.differences(from: plan)
        guard differences.isEmpty else {
            throw NotReadyError(
                "part \(plan.part) belongs to another dataset than the one loaded: "
                    + "\(differences.joined(separator: "; ")); use the loaded parts' flags, "
                    + "or run 'seedctl clear' to start over (nothing was changed)")
        }
        guard !record.loaded.contains(plan.part.index) else {
            let missing = record.isComplete ? "every part is loaded" : "still missing: \(record.missingParts)"
            throw NotReadyError(
                "part \(plan.part) is already loaded (\(missing)); nothing was changed; "
                    + "to load it again, run 'seedctl clear' and then every part")
        }
        record.loaded = (record.loaded + [plan.part.index]).sorted()
        return record
    }

    /// Fails when a parts load is unfinished, for a whole run without `--clear`.
    static func requireNoUnfinishedParts(_ record: DatasetRecord?) throws {
        guard let record, !record.isComplete else { return }
        if record.parts == 1 {
            throw NotReadyError(
                "an interrupted 'seed --jobs' load left these tables unfinished; "
                    + "run 'seedctl seed --clear' to replace it (nothing was changed)")
        }
        throw NotReadyError(
            "a load in \(record.parts) parts is unfinished (missing: \(record.missingParts)); "
                + "run the missing parts, or 'seedctl seed --clear' to replace it (nothing was changed)")
    }
}
