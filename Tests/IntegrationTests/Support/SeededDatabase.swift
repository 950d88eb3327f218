import Foundation

@testable import SeedKit

/// Repository folders and CLI arguments the seed tests share.
enum Repository {
    static let root = MigrationsFolder.repository.deletingLastPathComponent()
    static let seeds = root.appendingPathComponent("Seeds").path
    static let migrations = MigrationsFolder.repository.path
}

extension TestDatabase {
    /// Runs the CLI against this database with `--database-url`, from the repository root.
    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments + ["--database-url", url], in: Repository.root)
    }

    /// A migrated database.
    static func migrated(_ backend: Backend) throws -> TestDatabase {
        let database = try TestDatabase(backend)
        try Migrator(
            source: try MigrationSource(directory: MigrationsFolder.repository),
            connection: try database.connect()
        ).migrate()
        return database
    }

    /// The dataset digest of what the database holds now.
    func digest() throws -> String {
        try DatasetDigest.compute(try connect()).value
    }
}
