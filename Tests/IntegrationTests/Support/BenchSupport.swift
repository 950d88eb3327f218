import Foundation
import Testing

/// A path for a `--json` file in the temporary folder, removed when the value goes away.
final class BenchJSONFile {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
    var path: String { url.path }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The whole file, parsed.
    func contents() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Its `result` object: the figures and settings.
    func result() throws -> [String: Any] {
        try #require(try contents()["result"] as? [String: Any])
    }
}

extension TestDatabase {
    /// A migrated database seeded with the fixture profile.
    static func seededFixture(_ backend: Backend) throws -> TestDatabase {
        let database = try migrated(backend)
        try #require(try database.run(["seed", "--profile", "fixture"]).status == 0)
        return database
    }
}
