import Foundation

/// Writes a dataset as one CSV file per table, numbered in load order (`01_shared.design_jobs.csv`).
struct CSVExporter {
    let context: GeneratorContext
    let options: SeedOptions
    let directory: URL

    func export(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError.cannotWrite(directory.path, error, advice: "choose another --out folder")
        }
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
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try body { try handle.write(contentsOf: $0) }
        } catch let error as CocoaError {
            throw ConfigurationError.cannotWrite(
                url.path, error, advice: "check the space and rights of --out")
        }
    }
}
