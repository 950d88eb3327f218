/// Loads a dataset in one transaction: checks the database is ready, clears it or checks it is
/// empty, lets the backend drop what slows a bulk load, streams every table in load order, lets
/// the backend rebuild and check, records the dataset and analyzes. A failure, a lost
/// connection or a kill leaves the previous data.
///
/// Whole runs on both backends, and `--part` on SQLite (whose writers queue on the file lock);
/// PostgreSQL parts use `PostgresPartLoader`.
struct SeedLoader<Backend: SeedLoadBackend> {
    let backend: Backend
    let context: GeneratorContext
    let options: SeedOptions

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let connection = backend.connection
        let newTables = context.newTables(connection.dialect)
        let readiness = SeededTables.readiness(on: connection, also: newTables)
        try readiness.requireMigrated()
        let plan = context.plan
        return try backend.inLoadTransaction {
            try SeededTables.lockDataset(on: connection)
            try ShadowTables.dropLeftovers(on: connection)
            let previous = try DatasetRecord.load(connection)
            var record = DatasetRecord(plan: plan)
            let whole = plan.part.isWhole
            if options.clear {
                try SeededTables.requireOwned(
                    record: previous, force: options.force, on: connection, also: newTables)
                onEvent(.phase("clearing"))
            } else if whole {
                try SeededTables.requireNoUnfinishedParts(previous)
                try readiness.requireEmpty()
            } else {
                record = try SeededTables.claimPart(plan, previous: previous, on: connection, also: newTables)
            }
            let emptied = options.clear || (whole && backend.emptiesTablesInTransaction)
            if emptied { try SeededTables.clear(on: connection, record: previous, also: newTables) }
            try backend.prepare(tablesEmptied: emptied, newTables: newTables)
            let loads = try loadTables(context.generators(), onEvent: onEvent)
            try backend.finish(onEvent: onEvent)
            try record.save(connection)
            onEvent(.phase("analyzing"))
            try backend.analyze()
            onEvent(.phase("committing"))
            return loads
        }
    }

    /// Streams the tables' rows into the database, in order, inside the caller's transaction:
    /// one pipeline generates ahead across table boundaries.
    func loadTables(_ generators: [any TableGenerator], onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        try TableStream.loadAll(
            generators, as: Backend.Encoder.self, rowCount: context.rowCount(of:),
            chunkJobs: options.chunkJobs,
            capacity: Backend.chunkCapacity, aheadBytes: Backend.aheadBytes, into: { _, _ in backend },
            onEvent: onEvent)
    }

    /// Streams one table's rows into the database, inside the caller's transaction.
    func loadTable(_ generator: any TableGenerator, onEvent: (SeedEvent) -> Void) throws -> TableLoad {
        try loadTables([generator], onEvent: onEvent)[0]
    }
}
