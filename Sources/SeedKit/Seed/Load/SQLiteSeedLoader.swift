/// Loads a dataset into SQLite in one transaction of prepared, bound INSERTs, with the seeded
/// tables' indexes dropped during the load and recreated before COMMIT.
struct SQLiteSeedLoader {
    let connection: SQLiteConnection
    let context: GeneratorContext
    let options: SeedOptions

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let preflight = SeedPreflight(connection: connection)
        try preflight.requireMigrated()
        let tables = SeedSchema.tables.map { $0.physicalName(.sqlite) }
        // Foreign keys are checked once, after the load (PRAGMA foreign_key_check), not per row;
        // the pragma cannot change inside a transaction.
        try connection.execute(script: "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -16384; PRAGMA analysis_limit = 1000")
        defer { try? connection.execute(script: "PRAGMA foreign_keys = ON") }
        return try connection.transaction {
            if options.clear {
                onEvent(.phase("clearing"))
                try preflight.clear()
            } else if context.plan.part.isWhole {
                try preflight.requireEmpty()
            } else {
                try preflight.requirePartAbsent(context.plan)
            }
            let list = tables.map { "'\($0)'" }.joined(separator: ",")
            let indexes = try connection.query(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list))")
            for index in indexes { try connection.execute(script: "DROP INDEX \(index["name"].string ?? "")") }
            var loads: [TableLoad] = []
            for generator in context.generators() {
                loads.append(try insert(generator, onEvent: onEvent))
            }
            onEvent(.phase("building indexes"))
            for index in indexes { try connection.execute(script: index["sql"].string ?? "") }
            onEvent(.phase("checking foreign keys"))
            if let orphan = try connection.query("PRAGMA foreign_key_check").first {
                throw SeedRefusal(description: "generated rows break a foreign key in \(orphan["table"].string ?? "?"); nothing was changed (please report this)")
            }
            try DatasetRecord(plan: context.plan).save(connection)
            onEvent(.phase("analyzing"))
            try connection.execute(script: "ANALYZE")
            onEvent(.phase("committing"))
            return loads
        }
    }

    private func insert(_ generator: any TableGenerator, onEvent: (SeedEvent) -> Void) throws -> TableLoad {
        let table = generator.table
        onEvent(.tableStarted(name: table.name, rows: context.plan.rowCount(table)))
        let watch = Stopwatch()
        let placeholders = (1...table.columns.count).map { "$\($0)" }.joined(separator: ", ")
        let statement = try connection.prepare(
            "INSERT INTO \(table.physicalName(.sqlite)) (\(table.columns.map(\.name).joined(separator: ", "))) VALUES (\(placeholders))")
        let inserter = SQLiteChunkInserter(statement: statement)
        let queue = ChunkQueue.producing(generator.chunks(jobsPerChunk: options.chunkJobs)) { drivers in
            var sink = RowCounter(inner: BoundRowEncoder(capacity: 1 << 20))
            try generator.generate(drivers: drivers, into: &sink)
            return (sink.inner.buffer, sink.rows)
        }
        defer { queue.cancel() }
        var rows = 0
        var bytes = 0
        while let chunk = try queue.take() {
            try inserter.insert(chunk.bytes)
            rows = chunk.rows
            bytes += chunk.bytes.count
            onEvent(.progress(name: table.name, rows: rows))
        }
        let load = TableLoad(table: table.name, rows: rows, bytes: bytes, seconds: watch.seconds)
        onEvent(.tableFinished(load))
        return load
    }
}
