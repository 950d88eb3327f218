import ArgumentParser
import SeedKit

extension SeedCtl {
    struct Setup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Migrate, seed, verify and explain in one go; stops at the first failure with its exit code.",
            discussion: """
                The same as 'seedctl migrate', 'seedctl seed', 'seedctl verify' and 'seedctl \
                explain --catalog <seeds>/catalog.sql', each with its defaults.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var dataset: DatasetOptions

        @Flag(help: "Replace data already seeded.")
        var clear = false

        /// Let --clear delete rows seedctl did not write.
        @Flag(help: "With --clear: delete rows even when seedctl has no record of writing them.")
        var force = false

        @OptionGroup var migrations: MigrationOptions

        func validate() throws {
            if force, !clear { throw ValidationError("'--force' goes with '--clear'") }
        }

        func run() throws {
            try ExitStatus.reporting {
                try Migrate.Up.migrate(
                    Migrator.Options(), from: migrations.source(), connection: connection,
                    ledgerSchema: migrations.ledgerSchema)
                try Seed.seed(
                    dataset.context(), options: SeedOptions(clear: clear, force: force),
                    into: .database(jobs: 1),
                    format: .text, connection: connection)
                try Verify.verify(
                    expecting: nil, specs: try dataset.seeds.datasetSpecs(), format: .text,
                    connection: connection)
                let queries = try CatalogParser.load(contentsOf: dataset.seeds.catalog)
                try Explain.explain(queries, options: Explainer.Options(), connection: connection)
            }
        }
    }
}
