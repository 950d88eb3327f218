import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record every migration up to MODULE/VERSION as applied without running it.",
            discussion: """
                Adopts a database whose schema was built another way (by hand, Alembic, another \
                tool): 'migrate status' shows those migrations as baselined.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        @Argument(
            help: ArgumentHelp("The last migration the database already has.", valueName: "module/version"))
        var target: String

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect()
                let recorded = try migrations.migrator(database).baseline(
                    target, onEvent: MigrateEvents.print)
                Terminal.line(
                    recorded.isEmpty
                        ? "Nothing to baseline: every migration through \(target) is already recorded."
                        : "Baselined \(recorded.count) migration(s) through \(target); nothing was run.")
            }
        }
    }
}
