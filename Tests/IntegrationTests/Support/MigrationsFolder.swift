import Foundation

@testable import SeedKit

/// A private copy of the repository's `Migrations/`, which a test may edit.
final class MigrationsFolder {
    let url: URL

    /// The repository's own migrations folder.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Migrations")

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repository, to: url)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    func source() throws -> MigrationSource { try MigrationSource(directory: url) }

    /// Writes a migration file for one dialect.
    @discardableResult
    func write(_ dialect: Dialect, module: String, file: String, _ sql: String) throws -> URL {
        let target = url.appendingPathComponent(dialect.rawValue).appendingPathComponent(module)
            .appendingPathComponent(file)
        try Data(sql.utf8).write(to: target)
        return target
    }

    /// Puts text before the start of an existing file for one dialect (in its up section).
    func prepend(_ dialect: Dialect, module: String, file: String, _ text: String) throws {
        let target = url.appendingPathComponent(dialect.rawValue).appendingPathComponent(module)
            .appendingPathComponent(file)
        try (Data(text.utf8) + Data(contentsOf: target)).write(to: target)
    }

    /// Appends text to an existing file for one dialect.
    func append(_ dialect: Dialect, module: String, file: String, _ text: String) throws {
        let target = url.appendingPathComponent(dialect.rawValue).appendingPathComponent(module)
            .appendingPathComponent(file)
        let handle = try FileHandle(forWritingTo: target)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
