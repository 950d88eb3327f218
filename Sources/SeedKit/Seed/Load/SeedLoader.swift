/// Loads a dataset in one transaction: checks the database is ready, clears it or checks it is
/// empty, lets the backend drop what slows a bulk load, streams every table in load order, lets
/// the backend rebuild and check, records the dataset and analyzes. A failure, a lost
/// connection or a kill leaves the previous data.
struct SeedLoader<Backend: SeedLoadBackend> {
    let backend: Backend
    let context: GeneratorContext
    let options: SeedOptions

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let connection = backend.connection
        let readiness = SeededTables.readiness(on: connection)
        try readiness.requireMigrated()
        return try backend.inLoadTransaction {
            let whole = context.plan.part.isWhole
            if options.clear {
                onEvent(.phase("clearing"))
            } else if whole {
                try readiness.requireEmpty()
            } else {
                try SeededTables.requirePartAbsent(context.plan, on: connection)
            }
            let emptied = options.clear || (whole && backend.emptiesTablesInTransaction)
            if emptied { try SeededTables.clear(on: connection) }
            try backend.prepare(tablesEmptied: emptied)
            let loads = try context.generators().map { try loadTable($0, onEvent: onEvent) }
            try backend.finish(onEvent: onEvent)
            try DatasetRecord(plan: context.plan).save(connection)
            onEvent(.phase("analyzing"))
            try backend.analyze()
            onEvent(.phase("committing"))
            return loads
        }
    }

    /// Streams one table's rows into the database, inside the caller's transaction.
    func loadTable(_ generator: any TableGenerator, onEvent: (SeedEvent) -> Void) throws -> TableLoad {
        let stream = TableStream<Backend.Encoder>(
            generator: generator, rowCount: context.plan.rowCount(generator.table),
            chunkJobs: options.chunkJobs, chunkCapacity: Backend.chunkCapacity)
        return try stream.load(into: backend, onEvent: onEvent)
    }
}
