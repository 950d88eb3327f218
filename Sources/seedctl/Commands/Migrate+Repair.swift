import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Forget the failed attempt of a no-transaction migration (after undoing its work by hand).")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        @Argument(help: ArgumentHelp("The failed migration.", valueName: "module/version"))
        var target: String

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect()
                let migration = try migrations.migrator(database).repair(target)
                Terminal.line(
                    "Forgot the failed attempt of \(migration.label); 'seedctl migrate' runs it again from its first statement."
                )
            }
        }
    }
}
