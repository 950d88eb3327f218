import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Continue a no-transaction migration that stopped part-way, from the statement that failed.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect()
                let migration = try migrations.migrator(database).resume(onEvent: MigrateEvents.print)
                Terminal.line("Resumed and finished \(migration.label); run 'seedctl migrate' for the rest.")
            }
        }
    }
}
