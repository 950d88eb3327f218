import Foundation
import SeedKit

/// A migrations folder written by a test: one module (`app` unless told) for the dialects it
/// names, with the files it is given.
final class ScratchMigrations {
    let url: URL

    /// - Parameter files: file name → text, written to `<dialect>/<module>/` of each dialect.
    init(module: String = "app", dialects: [Dialect], files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-scratch-\(UUID().uuidString)")
        let list = dialects.map(\.rawValue).joined(separator: ", ")
        try write("modules.yml", "modules:\n  - name: \(module)\n    dialects: [\(list)]\n")
        for dialect in dialects {
            for (name, text) in files { try write("\(dialect.rawValue)/\(module)/\(name)", text) }
        }
    }

    /// A copy of a fixture folder under `Tests/IntegrationTests/Fixtures/`.
    init(fixture: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-scratch-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(fixture), to: url)
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    func source() throws -> MigrationSource { try MigrationSource(directory: url) }

    /// Writes (or replaces) a file, creating its folder; `bytes` wins over `text`.
    func write(_ relativePath: String, _ text: String = "", bytes: [UInt8]? = nil) throws {
        let target = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes ?? Array(text.utf8)).write(to: target)
    }
}
