import Foundation
import Testing

@testable import SeedKit

struct MigrationScaffoldTests {
    @Test(arguments: [
        ("design", "Add Session Index!", "0003_add_session_index.sql"),
        ("tech_spec", "  backfill -- status  ", "11_backfill_status.sql"),
        ("later", "first", "0001_first.sql"),
    ])
    func createsTheNextFileInEveryDialect(module: String, name: String, fileName: String) throws {
        try withTemporaryDirectory { directory in
            var files = MigrationFixtures.valid
            files["modules.yml"] = MigrationFixtures.manifest + "\n  - name: later\n"
            try writeFiles(files, in: directory)
            let paths = try MigrationScaffold.create(
                module: module, name: name, in: try MigrationSource(directory: directory))
            #expect(
                paths
                    == ["postgres", "sqlite"].map {
                        directory.appendingPathComponent("\($0)/\(module)/\(fileName)").path
                    })
            #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
            let reread = try MigrationSource(directory: directory)
            #expect(try reread.plan(for: .sqlite).filter { $0.module == module }.last?.path == paths[1])
        }
    }

    @Test(arguments: [("nonexistent", "x"), ("design", "!!! ---")])
    func rejectsUnknownModulesAndEmptyNames(module: String, name: String) throws {
        try withTemporaryDirectory { directory in
            try writeFiles(MigrationFixtures.valid, in: directory)
            let source = try MigrationSource(directory: directory)
            let error = try #require(throws: ConfigurationError.self) {
                try MigrationScaffold.create(module: module, name: name, in: source)
            }
            #expect(error.description.contains(module == "design" ? name : "'\(module)'"))
            // Nothing was written: a stray file would break the folder or add to the plan.
            #expect(try MigrationSource(directory: directory).plan(for: .postgres).count == 5)
        }
    }
}
