import Foundation

/// Writes a dataset as one CSV file per table, numbered in load order (`01_shared.design_jobs.csv`).
struct CSVExporter {
    let context: GeneratorContext
    let options: SeedOptions
    let directory: URL

    func export(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try context.generators().enumerated().map { index, generator in
            let stream = TableStream<CSVEncoder>(
                generator: generator, rowCount: context.plan.rowCount(generator.table),
                chunkJobs: options.chunkJobs, chunkCapacity: 1 << 20)
            let file = CSVFile(
                url: directory.appendingPathComponent(
                    String(format: "%02d_%@.csv", index + 1, generator.table.name)))
            return try stream.load(into: file, onEvent: onEvent)
        }
    }
}

/// One table's CSV file: its header line, then its chunks.
private struct CSVFile: ChunkDestination {
    let url: URL

    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws {
        let header = Data(CSVEncoder.header(table).utf8)
        guard FileManager.default.createFile(atPath: url.path, contents: header) else {
            throw ConfigurationError("cannot write \(url.path); check that --out is writable")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try body { try handle.write(contentsOf: $0) }
    }
}
