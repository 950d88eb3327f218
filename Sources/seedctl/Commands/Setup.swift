import ArgumentParser

extension SeedCtl {
    struct Setup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Migrate, seed, verify and explain in one go; stops at the first failure with its exit code.")

        @OptionGroup var connection: ConnectionOptions

        @Option(help: "Profile to seed.")
        var profile = "default"

        @Option(help: "Random seed.")
        var seed: UInt64 = 42

        @Flag(help: "Replace data already seeded.")
        var clear = false

        @Option(help: ArgumentHelp("Migrations folder.", valueName: "dir"))
        var migrations = "Migrations"

        @Option(help: ArgumentHelp("Folder with profiles.yml, vocabulary.yml and catalog.sql.", valueName: "dir"))
        var seeds = "Seeds"

        func run() throws {
            let url = connection.databaseURL.map { ["--database-url", $0] } ?? []
            try Migrate.Up.parse(["--migrations", migrations] + url).run()
            try Seed.parse(["--profile", profile, "--seed", String(seed), "--seeds", seeds] + (clear ? ["--clear"] : []) + url).run()
            try Verify.parse(url).run()
            try Explain.parse(["--catalog", seeds + "/catalog.sql"] + url).run()
        }
    }
}
