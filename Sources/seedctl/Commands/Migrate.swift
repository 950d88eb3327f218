import ArgumentParser

extension SeedCtl {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations, module by module in dependency order.",
            discussion: """
                Each migration runs in its own transaction with its ledger row in \
                public.seedctl_migrations; a file whose header says '-- seedctl:no-transaction' \
                runs statement by statement. Reads seedctl, dbmate, goose and golang-migrate \
                files (up and down), pg_dump and sqlite3 .dump output. Concurrent runs wait for \
                each other.
                """,
            subcommands: [
                Up.self, Down.self, Status.self, Validate.self, New.self, Baseline.self, Resume.self,
                Repair.self,
            ],
            defaultSubcommand: Up.self
        )
    }
}
