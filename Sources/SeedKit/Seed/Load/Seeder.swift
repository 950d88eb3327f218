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
        if options.clear, !context.plan.part.isWhole {
            throw ConfigurationError(Self.clearWithPart)
        }
        let context = try context.following(try DatasetSchemaReader.read(connection))
        switch connection.backend {
        case .postgres(let postgres) where !context.plan.part.isWhole:
            return try PostgresPartLoader(postgres: postgres, context: context, options: options).load(
                onEvent: onEvent)
        case .postgres(let postgres):
            let backend = PostgresCopyBinaryBackend(connection: postgres)
            return try SeedLoader(backend: backend, context: context, options: options).load(onEvent: onEvent)
        case .sqlite(let sqlite):
            let backend = SQLiteBoundInsertBackend(connection: sqlite)
            return try SeedLoader(backend: backend, context: context, options: options).load(onEvent: onEvent)
        }
    }

    /// Loads into the database at `url`; with `jobs > 1` (PostgreSQL only) on that many
    /// connections into shadow tables swapped in by one final transaction.
    public func load(into url: DatabaseURL, jobs: Int, onEvent: (SeedEvent) -> Void = { _ in }) throws
        -> [TableLoad]
    {
        guard jobs > 1 else { return try load(into: try url.connect(), onEvent: onEvent) }
        guard context.plan.part.isWhole else {
            throw ConfigurationError(
                "'--jobs' loads a whole dataset; to load in parallel, start several '--part' runs instead")
        }
        guard url.dialect == .postgres else {
            throw ConfigurationError(
                "'--jobs' needs PostgreSQL; SQLite has a single writer, so seed it with --jobs 1")
        }
        let context = try context.following(try DatasetSchemaReader.read(try url.connect()))
        guard context.layout.newTables.isEmpty else {
            // Their foreign keys into the seeded tables would block the swap (`ShadowSwapCheck`).
            onEvent(
                .notice(
                    "loaded in one transaction on one connection, not on \(jobs): the dataset specs' new tables "
                        + "(\(context.newTables(.postgres).joined(separator: ", "))) reference the seeded tables"
                ))
            return try load(into: try url.connect(), onEvent: onEvent)
        }
        return try ParallelPostgresSeedLoader(url: url, context: context, options: options, jobs: jobs).load(
            onEvent: onEvent)
    }

    /// Writes one CSV file per table into `directory`; with `schema`, a migrated database (only
    /// read), the files follow it: the columns its migrations added and the specs' new tables.
    public func exportCSV(
        to directory: URL, schema: (any Connection)? = nil, onEvent: (SeedEvent) -> Void = { _ in }
    ) throws -> [TableLoad] {
        var context = self.context
        if let schema { context = try context.following(try DatasetSchemaReader.read(schema)) }
        return try CSVExporter(context: context, options: options, directory: directory).export(
            onEvent: onEvent)
    }

    /// Why `--clear` and `--part` do not go together.
    public static let clearWithPart =
        "'--clear' with '--part' would empty the other parts too; run 'seedctl clear' once, then every part without '--clear'"

    /// Empties every seeded table and the specs' new tables in one transaction (`seedctl
    /// clear`): only rows seedctl recorded writing, unless `force`.
    public static func clear(_ connection: any Connection, force: Bool = false, specs: DatasetSpecs = .none)
        throws
    {
        let newTables = specs.newTableNames.map { connection.dialect.tableName($0) }
        try SeededTables.readiness(on: connection).requireMigrated()
        try connection.transaction {
            try SeededTables.lockDataset(on: connection)
            try ShadowTables.dropLeftovers(on: connection)
            let record = try DatasetRecord.load(connection)
            try SeededTables.requireOwned(record: record, force: force, on: connection, also: newTables)
            try SeededTables.clear(on: connection, record: record, also: newTables)
            try DatasetRecord.delete(connection)
        }
    }
}
