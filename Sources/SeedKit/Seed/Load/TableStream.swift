/// Writes one encoded chunk of rows.
typealias WriteChunk = ([UInt8]) throws -> Void

/// Where a table's encoded chunks go: a COPY, a compiled INSERT, a file.
protocol ChunkDestination {
    /// Opens `table` for writing (starts its COPY, compiles its INSERT, creates its file), calls
    /// `body` with a function that writes one encoded chunk of its rows, and closes it.
    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws
}

/// One table's rows, taken chunk by chunk from a `ChunkPipeline` (which generates and encodes
/// them on another thread) and written in order. Reports the table's start, its rows after each
/// chunk, and what it took, including how long the loader waited for the generator.
struct TableStream {
    let table: SeededTable
    /// The table's position in the pipeline's load.
    let index: Int
    /// Rows the table will have, for the start event.
    let rowCount: Int

    /// Streams every chunk of the table, in order, into `destination`; returns what it took.
    func load(
        from pipeline: ChunkPipeline, into destination: some ChunkDestination, onEvent: (SeedEvent) -> Void
    ) throws -> TableLoad {
        onEvent(.tableStarted(name: table.name, rows: rowCount))
        let watch = Stopwatch()
        var rows = 0
        var bytes = 0
        var waited = 0.0
        try destination.writing(table) { write in
            for _ in 0..<pipeline.chunkCount(ofTable: index) {
                let wait = Stopwatch()
                guard let chunk = try pipeline.take() else { break }
                waited += wait.seconds
                try write(chunk.bytes)
                bytes += chunk.bytes.count
                rows += chunk.rows
                pipeline.recycle(chunk.bytes)
                onEvent(.progress(name: table.name, rows: rows))
            }
        }
        var load = TableLoad(table: table.name, rows: rows, bytes: bytes, seconds: watch.seconds)
        load.generatorWaitSeconds = waited
        onEvent(.tableFinished(load))
        return load
    }

    /// Loads every table of `generators`, in order, through one pipeline of `Encoder` chunks
    /// working up to `aheadBytes` ahead (so the next table's first chunks are generated while
    /// the current table is written): each table's chunks go to `destination(index, table)`;
    /// `rowCount` gives the rows each generator writes (for progress).
    static func loadAll<Encoder: ChunkEncoder>(
        _ generators: [any TableGenerator], as encoder: Encoder.Type,
        rowCount: (any TableGenerator) -> Int, chunkJobs: Int,
        capacity: Int, aheadBytes: Int,
        into destination: (_ index: Int, _ table: SeededTable) -> any ChunkDestination,
        onEvent: (SeedEvent) -> Void
    ) throws -> [TableLoad] {
        let pipeline = ChunkPipeline.encoding(
            generators, as: encoder, chunkJobs: chunkJobs, capacity: capacity, aheadBytes: aheadBytes)
        defer { pipeline.cancel() }
        return try generators.enumerated().map { index, generator in
            let table = generator.table
            let stream = TableStream(table: table, index: index, rowCount: rowCount(generator))
            return try stream.load(from: pipeline, into: destination(index, table), onEvent: onEvent)
        }
    }
}
