import ArgumentParser
import SeedKit

extension SeedCtl {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show the migrated schema as seedctl reads it back; --compare checks the dialects agree.",
            discussion: """
                Tables with their columns (logical type, NOT NULL, default, identity or \
                generated), primary key, unique constraints, foreign keys and CHECKs, from \
                pg_catalog on PostgreSQL and the pragma_* functions plus each table's CREATE \
                TABLE text on SQLite (where uuids, timestamps and JSON are TEXT: their CHECKs \
                say which). --compare, on a PostgreSQL database, applies the SQLite migrations \
                of --migrations to a scratch file and exits 1 naming each table or column \
                whose presence, logical type or NOT NULL differs.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(
            help: "Compare with the SQLite migrations (needs a PostgreSQL database); exit 1 on a difference.")
        var compare = false

        func validate() throws {
            if compare, let settings = try? connection.settings(), settings.url.dialect != .postgres {
                throw ValidationError(
                    "'--compare' needs a migrated PostgreSQL database (--database-url postgres://…): "
                        + "it compares it with the SQLite migrations applied to a scratch file")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let (database, settings) = try connection.connect(create: false)
                let schema = try SchemaReader.read(database)
                let version = try database.serverVersion()
                guard compare else {
                    try SchemaOutput(schema: schema, source: "\(settings.url) (\(version))").print(as: format)
                    return
                }
                let source = try migrations.source()
                let comparison = SchemaComparison(
                    postgres: schema, sqlite: try SchemaComparison.sqliteSchema(of: source),
                    modules: try SchemaComparison.modules(of: source, dialect: .postgres))
                try SchemaOutput.printComparison(
                    comparison, tables: schema.tables.count, folder: source.directory.path, as: format)
                guard comparison.differences.isEmpty else {
                    Terminal.error(
                        "\(comparison.differences.count) difference(s) between the PostgreSQL and SQLite "
                            + "migrations: make both dialects' migrations declare the same tables and columns"
                    )
                    throw ExitStatus.checkFailed
                }
            }
        }
    }
}
