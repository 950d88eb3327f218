import ArgumentParser
import SeedKit

extension SeedCtl {
    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Empty every seeded table, in one transaction.")

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try ExitStatus.reporting {
                let (database, settings) = try connection.connect(create: false)
                try Seeder.clear(database)
                Terminal.line("Emptied the seeded tables of \(settings.url).")
            }
        }
    }
}
