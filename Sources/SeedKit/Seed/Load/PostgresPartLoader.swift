/// `seed --part K/N` on PostgreSQL: any number of parts, from any processes or machines, load
/// into one database at the same time, each atomically, together equal to one full run.
///
/// The protocol (every step in its own transaction, recorded in `seedctl_dataset`):
/// 1. Set-up, under the dataset's exclusive advisory lock: the first part in finds no record,
///    checks the seeded tables are empty, drops their keys, indexes and foreign keys, and
///    commits a record of the dataset (seed, profile, anchor, counts, N), no part loaded and
///    the dropped definitions. A later part checks the record is the same dataset and that its
///    part is not loaded.
/// 2. Stream, under the dataset's shared advisory lock (so no set-up, whole run or `clear`
///    interleaves) and the part's own lock (so the same part never streams twice): COPY every
///    table, then, under the record's lock, add the part to the record; the last part in
///    recreates the dropped definitions (validating keys and foreign keys over all parts) and
///    runs ANALYZE; commit.
/// A crash or kill at any point rolls back that step alone: re-running the missing parts
/// finishes the dataset, and `clear` recreates the dropped definitions.
struct PostgresPartLoader {
    let postgres: PostgresConnection
    let context: GeneratorContext
    let options: SeedOptions

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let plan = context.plan
        try SeededTables.readiness(on: postgres).requireMigrated()
        // A record means the set-up is done: check early, without waiting for the exclusive lock
        // (which would wait for every part streaming now); the stream step checks again.
        if let previous = try DatasetRecord.load(postgres) {
            _ = try SeededTables.claimPart(plan, previous: previous, on: postgres)
        } else {
            try setUp(onEvent: onEvent)
        }
        return try stream(onEvent: onEvent)
    }

    /// Step 1 for the first part in: drops the keys, indexes and foreign keys and records the
    /// dataset with no part loaded.
    private func setUp(onEvent: (SeedEvent) -> Void) throws {
        let plan = context.plan
        try postgres.transaction {
            try SeededTables.lockDataset(on: postgres)
            try ShadowTables.dropLeftovers(on: postgres)
            let previous = try DatasetRecord.load(postgres)
            var record = try SeededTables.claimPart(
                plan, previous: previous, on: postgres, also: context.newTables(.postgres))
            guard previous == nil else { return }
            onEvent(.phase("first part in: dropping keys, indexes and foreign keys until the last part"))
            var indexes = PostgresIndexes(connection: postgres)
            try indexes.drop(
                SeedSchema.tables.map { $0.physicalName(.postgres) } + context.newTables(.postgres))
            record.loaded = []
            record.dropped = indexes.saved
            try record.save(postgres)
        }
    }

    /// Step 2: streams this part's rows and marks it loaded; the last part in rebuilds.
    private func stream(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let plan = context.plan
        let backend = PostgresCopyTextBackend(connection: postgres)
        let loader = SeedLoader(backend: backend, context: context, options: options)
        return try backend.inLoadTransaction {
            try SeededTables.lockDataset(on: postgres, shared: true)
            let key = SeededTables.LockKey.part(plan.part.index)
            let taken = try postgres.query(
                "SELECT pg_try_advisory_xact_lock($1, $2) AS taken",
                [.integer(Int64(key.0)), .integer(Int64(key.1))]
            ).first?["taken"].bool
            guard taken == true else {
                throw NotReadyError(
                    "part \(plan.part) is being loaded by another process right now; nothing was changed")
            }
            guard let current = try DatasetRecord.load(postgres) else {
                throw NotReadyError(
                    "the dataset was cleared while part \(plan.part) waited; nothing was changed; run it again"
                )
            }
            _ = try SeededTables.claimPart(plan, previous: current, on: postgres)
            let loads = try context.generators().map { try loader.loadTable($0, onEvent: onEvent) }
            try SeededTables.lock(SeededTables.LockKey.record, on: postgres)
            var record = try SeededTables.claimPart(
                plan, previous: try DatasetRecord.load(postgres), on: postgres)
            if record.isComplete {
                onEvent(.phase("last part in: building keys, indexes and foreign keys"))
                try PostgresIndexes(connection: postgres, saved: record.dropped).restore()
                record.dropped = []
                onEvent(.phase("analyzing"))
                try backend.analyze()
            }
            try record.update(postgres)
            onEvent(.phase("committing"))
            return loads
        }
    }
}
