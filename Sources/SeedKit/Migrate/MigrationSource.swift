import Foundation

/// A migrations folder: the manifest and every dialect's files, checked for consistency.
public struct MigrationSource: Sendable {
    /// The folder, as given.
    public let directory: URL
    /// The declared modules.
    let manifest: ModuleManifest
    private let files: [Dialect: [String: [Migration]]]

    /// Reads `directory/modules.yml` and `directory/<dialect>/<module>/*.sql`.
    ///
    /// Fails when a file name is malformed, a version repeats in a module, a module has files
    /// in one dialect and not the other, or a folder belongs to no declared module.
    public init(directory: URL) throws {
        self.directory = directory
        let fileManager = FileManager.default
        let manifestURL = directory.appendingPathComponent("modules.yml")
        guard let yaml = try? String(contentsOf: manifestURL, encoding: .utf8) else {
            throw ConfigurationError(
                "no migrations at '\(directory.path)': \(manifestURL.lastPathComponent) is missing; pass --migrations DIR or run from the project folder"
            )
        }
        manifest = try ModuleManifest(yaml: yaml, path: manifestURL.path)
        let declared = Set(manifest.modules.map(\.name))
        var files: [Dialect: [String: [Migration]]] = [:]
        for dialect in Dialect.allCases {
            let dialectURL = directory.appendingPathComponent(dialect.rawValue)
            let present = (try? fileManager.contentsOfDirectory(atPath: dialectURL.path)) ?? []
            for folder in present where !declared.contains(folder) && !folder.hasPrefix(".") {
                throw ConfigurationError(
                    "\(dialectURL.path)/\(folder) is not a module declared in modules.yml; declare it or remove the folder"
                )
            }
            var byModule: [String: [Migration]] = [:]
            for module in manifest.modules {
                byModule[module.name] = try Self.readModule(
                    dialectURL.appendingPathComponent(module.name), module: module.name)
            }
            files[dialect] = byModule
        }
        self.files = files
        try checkDialectsAgree()
    }

    /// Every migration of `dialect`, modules in dependency order and versions ascending.
    public func plan(for dialect: Dialect) throws -> [Migration] {
        try manifest.orderedModules().flatMap { files[dialect]?[$0.name] ?? [] }
    }

    /// The highest version in `module` across all dialects (0 when it has none).
    public func latestVersion(of module: String) -> Int {
        files.values.compactMap { $0[module]?.last?.version }.max() ?? 0
    }

    private static func readModule(_ url: URL, module: String) throws -> [Migration] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        var migrations: [Migration] = []
        for fileName in names.sorted() where !fileName.hasPrefix(".") {
            let path = url.appendingPathComponent(fileName).path
            guard let (version, name) = Migration.parseFileName(fileName) else {
                throw ConfigurationError(
                    "\(path): migration files must be named <version>_<name>.sql, e.g. 0002_add_index.sql")
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw ConfigurationError(
                    "\(path): version \(version) is already used by \(clash.path); give it the next free number"
                )
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("\(path): cannot read the file")
            }
            migrations.append(Migration(module: module, version: version, name: name, path: path, data: data))
        }
        return migrations.sorted { $0.version < $1.version }
    }

    private func checkDialectsAgree() throws {
        for module in manifest.modules {
            let postgres = files[.postgres]?[module.name] ?? []
            let sqlite = files[.sqlite]?[module.name] ?? []
            if postgres.isEmpty != sqlite.isEmpty {
                let (has, lacks) = postgres.isEmpty ? ("sqlite", "postgres") : ("postgres", "sqlite")
                throw ConfigurationError(
                    "module '\(module.name)' has migrations for \(has) but none for \(lacks); add \(directory.path)/\(lacks)/\(module.name)/"
                )
            }
            let postgresIDs = postgres.map { "\($0.version)_\($0.name)" }
            let sqliteIDs = sqlite.map { "\($0.version)_\($0.name)" }
            if postgresIDs != sqliteIDs {
                let onlyOne = Set(postgresIDs).symmetricDifference(sqliteIDs).sorted().first ?? ""
                throw ConfigurationError(
                    "module '\(module.name)': migration \(onlyOne) exists in one dialect only; every version needs a postgres and a sqlite file with the same name"
                )
            }
        }
    }
}
