import ArgumentParser

extension SeedCtl {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations, module by module in dependency order.",
            discussion: """
                Each migration runs in its own transaction with its ledger row in \
                seedctl_migrations; a file whose header says '-- seedctl:no-transaction' runs \
                statement by statement. Concurrent runs wait for each other.
                """,
            subcommands: [Up.self, Status.self, Validate.self, New.self],
            defaultSubcommand: Up.self
        )
    }
}
