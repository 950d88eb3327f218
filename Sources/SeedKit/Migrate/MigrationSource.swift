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
                let folder = dialectURL.appendingPathComponent(module.name)
                let migrations = try Self.readModule(folder, module: module.name, dialect: dialect)
                if !module.dialects.contains(dialect), let stray = migrations.first {
                    throw ConfigurationError(
                        "\(stray.path): module '\(module.name)' declares dialects [\(module.dialects.map(\.rawValue).joined(separator: ", "))] in modules.yml; add \(dialect.rawValue) there or remove the file"
                    )
                }
                byModule[module.name] = migrations
            }
            files[dialect] = byModule
        }
        self.files = files
        try checkDialectsAgree()
    }

    /// Every migration of `dialect`, modules in dependency order and versions ascending.
    ///
    /// Fails, naming the module, when a module that has migrations lacks this dialect.
    public func plan(for dialect: Dialect) throws -> [Migration] {
        let modules = try manifest.orderedModules()
        for module in modules where !module.dialects.contains(dialect) {
            throw ConfigurationError(
                "module '\(module.name)' has no \(dialect.rawValue) migrations (modules.yml declares dialects [\(module.dialects.map(\.rawValue).joined(separator: ", "))]); use a \(module.dialects.map(\.rawValue).joined(separator: " or ")) database"
            )
        }
        return modules.flatMap { files[dialect]?[$0.name] ?? [] }
    }

    /// The highest version in `module` across all dialects (0 when it has none).
    public func latestVersion(of module: String) -> Int {
        files.values.compactMap { $0[module]?.last?.version }.max() ?? 0
    }

    /// Every migration of `module` in every dialect.
    func migrations(of module: String) -> [Migration] {
        files.values.flatMap { $0[module] ?? [] }
    }

    private static func readModule(_ url: URL, module: String, dialect: Dialect) throws -> [Migration] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        struct Halves {
            var single: (String, Int, String, String)?
            var up: (String, Int, String, String)?
            var down: (String, Int, String, String)?
            var first: String
        }
        var byVersion: [Int: Halves] = [:]
        for fileName in names.sorted()
        where !fileName.hasPrefix(".") && fileName.lowercased().hasSuffix(".sql") {
            let path = url.appendingPathComponent(fileName).path
            guard let (version, versionText, name, half) = Migration.parseFileName(fileName) else {
                throw ConfigurationError(
                    "\(path): migration files must be named <version>_<name>.sql (or golang-migrate's <version>_<name>.up.sql / .down.sql), e.g. 0002_add_index.sql or 20230117143902_add_index.sql"
                )
            }
            var halves = byVersion[version] ?? Halves(first: path)
            let file = (path, version, versionText, name)
            let taken: Bool
            switch half {
            case nil:
                taken = halves.single != nil || halves.up != nil || halves.down != nil
                halves.single = file
            case .up:
                taken = halves.single != nil || halves.up != nil
                halves.up = file
            case .down:
                taken = halves.single != nil || halves.down != nil
                halves.down = file
            }
            if taken {
                throw ConfigurationError(
                    "\(path): version \(versionText) is already used by \(halves.first); give it the next free number"
                )
            }
            byVersion[version] = halves
        }
        func read(_ path: String) throws -> MigrationFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("\(path): cannot read the file")
            }
            return MigrationFile(path: path, data: data, dialect: dialect)
        }
        var migrations: [Migration] = []
        for (version, halves) in byVersion {
            if let (path, _, versionText, name) = halves.single {
                migrations.append(
                    Migration(
                        module: module, version: version, versionText: versionText, name: name,
                        file: try read(path),
                        downFile: nil))
            } else if let (path, _, versionText, name) = halves.up {
                let down = try halves.down.map { try read($0.0) }
                migrations.append(
                    Migration(
                        module: module, version: version, versionText: versionText, name: name,
                        file: try read(path),
                        downFile: down))
            } else if let (path, _, _, _) = halves.down {
                throw ConfigurationError(
                    "\(path): a .down.sql file without its .up.sql; add the up half or remove the file")
            }
        }
        return migrations.sorted { $0.version < $1.version }
    }

    private func checkDialectsAgree() throws {
        for module in manifest.modules where module.dialects.count == Dialect.allCases.count {
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
