import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List every migration: applied, baselined, pending, changed, failed, file missing or out of order."
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect(readOnly: .mustExist)
                let statuses = try migrations.migrator(database).status()
                try MigrationStatusOutput(statuses: statuses).print(as: format)
            }
        }
    }
}
