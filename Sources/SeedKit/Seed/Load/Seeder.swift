import Foundation

/// Generates a dataset and loads it into a database, or writes it as CSV.
public struct Seeder {
    public let context: GeneratorContext
    public let options: SeedOptions

    public init(context: GeneratorContext, options: SeedOptions = SeedOptions()) {
        self.context = context
        self.options = options
    }

    /// Loads into `connection` in one transaction; returns per-table figures.
    public func load(into connection: any Connection, onEvent: (SeedEvent) -> Void = { _ in }) throws
        -> [TableLoad]
    {
        switch connection.backend {
        case .postgres(let postgres):
            let backend = PostgresCopyBinaryBackend(connection: postgres)
            return try SeedLoader(backend: backend, context: context, options: options).load(onEvent: onEvent)
        case .sqlite(let sqlite):
            let backend = SQLiteBoundInsertBackend(connection: sqlite)
            return try SeedLoader(backend: backend, context: context, options: options).load(onEvent: onEvent)
        }
    }

    /// Loads into the database at `url`; with `jobs > 1` (PostgreSQL only) on that many
    /// connections, one transaction per table.
    public func load(into url: DatabaseURL, jobs: Int, onEvent: (SeedEvent) -> Void = { _ in }) throws
        -> [TableLoad]
    {
        guard jobs > 1 else { return try load(into: try url.connect(), onEvent: onEvent) }
        guard url.dialect == .postgres else {
            throw ConfigurationError(
                "'--jobs' needs PostgreSQL; SQLite has a single writer, so seed it with --jobs 1")
        }
        return try ParallelPostgresSeedLoader(url: url, context: context, options: options, jobs: jobs).load(
            onEvent: onEvent)
    }

    /// Writes one CSV file per table into `directory`.
    public func exportCSV(to directory: URL, onEvent: (SeedEvent) -> Void = { _ in }) throws -> [TableLoad] {
        try CSVExporter(context: context, options: options, directory: directory).export(onEvent: onEvent)
    }

    /// Empties every seeded table in one transaction (`seedctl clear`).
    public static func clear(_ connection: any Connection) throws {
        try SeededTables.readiness(on: connection).requireMigrated()
        try connection.transaction {
            try SeededTables.clear(on: connection)
            try DatasetRecord.delete(connection)
        }
    }
}
