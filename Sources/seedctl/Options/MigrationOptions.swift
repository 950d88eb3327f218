import ArgumentParser
import Foundation
import SeedKit

/// `--migrations DIR`, shared by `setup` and the migrate subcommands.
struct MigrationOptions: ParsableArguments {
    /// The folder holding `modules.yml` and `<dialect>/<module>/*.sql`.
    @Option(name: .customLong("migrations"), help: ArgumentHelp("Migrations folder.", valueName: "dir"))
    var directory: String = "Migrations"

    /// PostgreSQL schema holding the ledger table (never looked up through `search_path`).
    @Option(help: ArgumentHelp("PostgreSQL schema of the seedctl_migrations ledger.", valueName: "schema"))
    var ledgerSchema: String = "public"

    /// Reads and checks the folder.
    func source() throws -> MigrationSource {
        try MigrationSource(directory: URL(fileURLWithPath: directory))
    }

    /// A migrator of this folder on `connection`.
    func migrator(_ connection: any Connection) throws -> Migrator {
        Migrator(source: try source(), connection: connection, ledgerSchema: ledgerSchema)
    }
}
