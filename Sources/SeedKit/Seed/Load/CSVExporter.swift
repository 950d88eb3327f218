import Foundation

/// Writes a dataset as one CSV file per table, numbered in load order (`01_shared.design_jobs.csv`).
struct CSVExporter {
    let context: GeneratorContext
    let options: SeedOptions
    let directory: URL

    func export(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var loads: [TableLoad] = []
        for (index, generator) in context.generators().enumerated() {
            let table = generator.table
            onEvent(.tableStarted(name: table.name, rows: context.plan.rowCount(table)))
            let watch = Stopwatch()
            let url = directory.appendingPathComponent(String(format: "%02d_%@.csv", index + 1, table.name))
            guard FileManager.default.createFile(atPath: url.path, contents: Data(CSVEncoder.header(table).utf8)) else {
                throw ConfigurationError("cannot write \(url.path); check that --out is writable")
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            var sink = RowCounter(inner: CSVEncoder())
            var bytes = 0
            for chunk in generator.chunks(jobsPerChunk: options.chunkJobs) {
                try generator.generate(drivers: chunk, into: &sink)
                try handle.write(contentsOf: sink.inner.buffer)
                bytes += sink.inner.buffer.count
                sink.inner.buffer.removeAll(keepingCapacity: true)
                onEvent(.progress(name: table.name, rows: sink.rows))
            }
            let load = TableLoad(table: table.name, rows: sink.rows, bytes: bytes, seconds: watch.seconds)
            onEvent(.tableFinished(load))
            loads.append(load)
        }
        return loads
    }
}
