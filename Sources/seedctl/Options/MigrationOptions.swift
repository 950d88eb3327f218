import ArgumentParser
import Foundation
import SeedKit

/// `--migrations DIR`, shared by `setup` and the migrate subcommands.
struct MigrationOptions: ParsableArguments {
    /// The folder holding `modules.yml` and `<dialect>/<module>/*.sql`.
    @Option(name: .customLong("migrations"), help: ArgumentHelp("Migrations folder.", valueName: "dir"))
    var directory: String = "Migrations"

    /// Reads and checks the folder.
    func source() throws -> MigrationSource {
        try MigrationSource(directory: URL(fileURLWithPath: directory))
    }
}
