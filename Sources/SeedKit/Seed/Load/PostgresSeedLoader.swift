/// Loads a dataset into PostgreSQL in one transaction: clear, drop keys and indexes, COPY every
/// table, recreate them, ANALYZE. A failure, a lost connection or a kill leaves the previous data.
struct PostgresSeedLoader {
    let connection: PostgresConnection
    let context: GeneratorContext
    let options: SeedOptions

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let preflight = SeedPreflight(connection: connection)
        try preflight.requireMigrated()
        let tables = SeedSchema.tables.map { $0.physicalName(.postgres) }
        return try connection.transaction {
            try connection.execute(script: "SET LOCAL maintenance_work_mem = '256MB'")
            let whole = context.plan.part.isWhole
            if options.clear {
                onEvent(.phase("clearing"))
            } else if whole {
                try preflight.requireEmpty()
            } else {
                try preflight.requirePartAbsent(context.plan)
            }
            // Truncating in this transaction lets COPY FREEZE skip later hint-bit writes.
            let freeze = options.clear || whole
            if freeze { try preflight.clear() }
            var indexes = PostgresIndexes(connection: connection)
            try indexes.drop(tables)
            var loads: [TableLoad] = []
            for generator in context.generators() {
                loads.append(try copy(generator, freeze: freeze, onEvent: onEvent))
            }
            onEvent(.phase("building indexes and foreign keys"))
            try indexes.restore()
            try DatasetRecord(plan: context.plan).save(connection)
            onEvent(.phase("analyzing"))
            try connection.execute(script: "ANALYZE \(tables.joined(separator: ", "))")
            onEvent(.phase("committing"))
            return loads
        }
    }

    func copy(_ generator: any TableGenerator, freeze: Bool, onEvent: (SeedEvent) -> Void) throws -> TableLoad {
        let table = generator.table
        let total = context.plan.rowCount(table)
        onEvent(.tableStarted(name: table.name, rows: total))
        let watch = Stopwatch()
        let columns = table.columns.map(\.name).joined(separator: ", ")
        var rows = 0
        var bytes = 0
        let queue = ChunkQueue.producing(generator.chunks(jobsPerChunk: options.chunkJobs)) { drivers in
            var sink = RowCounter(inner: CopyTextEncoder(capacity: 1 << 21))
            try generator.generate(drivers: drivers, into: &sink)
            return (sink.inner.buffer, sink.rows)
        }
        defer { queue.cancel() }
        try connection.copy("COPY \(table.physicalName(.postgres)) (\(columns)) FROM STDIN\(freeze ? " WITH (FREEZE)" : "")") { writer in
            while let chunk = try queue.take() {
                try writer.send(chunk.bytes)
                bytes += chunk.bytes.count
                rows = chunk.rows
                onEvent(.progress(name: table.name, rows: rows))
            }
        }
        let load = TableLoad(table: table.name, rows: rows, bytes: bytes, seconds: watch.seconds)
        onEvent(.tableFinished(load))
        return load
    }
}

/// Counts rows passing through to another sink.
struct RowCounter<Inner: RowSink>: RowSink {
    var inner: Inner
    var rows = 0

    mutating func uuid(_ value: SeedUUID) { inner.uuid(value) }
    mutating func text(_ value: String) { inner.text(value) }
    mutating func integer(_ value: Int) { inner.integer(value) }
    mutating func real(_ value: Double) { inner.real(value) }
    mutating func boolean(_ value: Bool) { inner.boolean(value) }
    mutating func timestamp(_ value: Timestamp) { inner.timestamp(value) }
    mutating func json(_ value: String) { inner.json(value) }
    mutating func null() { inner.null() }
    mutating func endRow() throws {
        try inner.endRow()
        rows += 1
    }
}
