import ArgumentParser
import SeedKit

extension SeedCtl {
    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Empty every seeded table seedctl wrote, in one transaction.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var seeds: SeedsFolderOptions

        /// Delete rows seedctl did not write.
        @Flag(help: "Delete the rows even when seedctl has no record of writing them.")
        var force = false

        func run() throws {
            try ExitStatus.reporting {
                let specs = try seeds.datasetSpecs()
                let (database, settings) = try connection.connect(create: false)
                try Seeder.clear(database, force: force, specs: specs)
                Terminal.line("Emptied the seeded tables of \(settings.url).")
            }
        }
    }
}
