/// Writes one encoded chunk of rows.
typealias WriteChunk = ([UInt8]) throws -> Void

/// Where a table's encoded chunks go: a COPY, a compiled INSERT, a file.
protocol ChunkDestination {
    /// Opens `table` for writing (starts its COPY, compiles its INSERT, creates its file), calls
    /// `body` with a function that writes one encoded chunk of its rows, and closes it.
    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws
}

/// One table's rows, generated and encoded in chunks on a producer thread while the caller
/// writes the chunk before, so generation runs on one core while the database ingests on the
/// other. Reports the table's start, its rows after each chunk, and what it took.
struct TableStream<Encoder: ChunkEncoder> {
    let generator: any TableGenerator
    /// Rows the table will have, for the start event.
    let rowCount: Int
    let chunkJobs: Int
    /// Bytes each chunk's encoder reserves.
    let chunkCapacity: Int

    /// Streams every chunk of the table, in order, into `destination`; returns what it took.
    func load(into destination: some ChunkDestination, onEvent: (SeedEvent) -> Void) throws -> TableLoad {
        let table = generator.table
        onEvent(.tableStarted(name: table.name, rows: rowCount))
        let watch = Stopwatch()
        let queue = ChunkQueue.producing(generator.chunks(jobsPerChunk: chunkJobs)) {
            [generator, chunkCapacity] drivers, spare in
            var sink = RowCounter(inner: Encoder(reusing: spare, capacity: chunkCapacity))
            try generator.generate(drivers: drivers, into: &sink)
            return (sink.inner.buffer, sink.rows)
        }
        defer { queue.cancel() }
        var rows = 0
        var bytes = 0
        var waited = 0.0
        try destination.writing(table) { write in
            while true {
                let wait = Stopwatch()
                guard let chunk = try queue.take() else { break }
                waited += wait.seconds
                try write(chunk.bytes)
                bytes += chunk.bytes.count
                queue.recycle(chunk.bytes)
                rows = chunk.rows
                onEvent(.progress(name: table.name, rows: rows))
            }
        }
        var load = TableLoad(table: table.name, rows: rows, bytes: bytes, seconds: watch.seconds)
        load.generatorWaitSeconds = waited
        onEvent(.tableFinished(load))
        return load
    }
}
