import Foundation

/// Writes a dataset as one CSV file per table, numbered in load order (`01_shared.design_jobs.csv`),
/// into a staging folder moved into place at the end: an error or a kill leaves no partial file.
struct CSVExporter {
    let context: GeneratorContext
    let options: SeedOptions
    let directory: URL

    func export(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let folder = try StagedFolder(target: directory)
        do {
            let generators = context.generators()
            let names = generators.enumerated().map { index, generator in
                String(format: "%02d_%@.csv", index + 1, generator.table.name)
            }
            let loads = try TableStream.loadAll(
                generators, as: CSVEncoder.self, rowCount: context.rowCount(of:),
                chunkJobs: options.chunkJobs,
                capacity: 1 << 20, aheadBytes: 4 << 20,
                into: { index, _ in CSVFile(folder: folder, name: names[index]) },
                onEvent: onEvent)
            try folder.commit(names)
            return loads
        } catch {
            folder.discard()
            throw error
        }
    }
}

/// One table's CSV file: its header line, then its chunks.
private struct CSVFile: ChunkDestination {
    let folder: StagedFolder
    let name: String

    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws {
        try folder.write(name, header: Array(CSVEncoder.header(table).utf8), body)
    }
}
