import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create the next migration file of a module (up and down sections), for each of its dialects."
        )

        @OptionGroup var migrations: MigrationOptions

        @Argument(help: "Module declared in modules.yml, e.g. tech_spec.")
        var module: String

        @Argument(help: "What the migration does, e.g. add_session_index.")
        var name: String

        func run() throws {
            try ExitStatus.reporting {
                let paths = try MigrationScaffold.create(
                    module: module, name: name, in: try migrations.source())
                for path in paths { Terminal.line("created \(path)") }
            }
        }
    }
}
