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

/// Expects a run's figures to count its lost connections under a connection-loss cause
/// (57P…, 08…) and to report replacing them; returns the overall figures.
@discardableResult
func expectLostConnectionsCounted(
    in figures: [String: Any], sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> [String: Any] {
    let overall = try #require(figures["overall"] as? [String: Any], sourceLocation: sourceLocation)
    let causes = try #require(overall["errorsByCause"] as? [String: Int], sourceLocation: sourceLocation)
    #expect(
        causes.keys.contains { $0.hasPrefix("57P") || $0.hasPrefix("08") }, "\(causes)",
        sourceLocation: sourceLocation)
    #expect((figures["reconnects"] as? Int ?? 0) > 0, sourceLocation: sourceLocation)
    return overall
}

extension TestDatabase {
    /// A migrated database seeded with the fixture profile.
    static func seededFixture(_ backend: Backend) throws -> TestDatabase {
        let database = try migrated(backend)
        try #require(try database.run(["seed", "--profile", "fixture"]).status == 0)
        return database
    }
}
