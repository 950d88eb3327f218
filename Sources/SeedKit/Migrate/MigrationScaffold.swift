import Foundation

/// Creates the next-numbered migration file of a module for every dialect (`migrate new`).
public enum MigrationScaffold {
    /// Writes `<dialect>/<module>/<next>_<name>.sql` for each dialect and returns their paths.
    public static func create(module: String, name: String, in source: MigrationSource) throws -> [String] {
        guard source.manifest.modules.contains(where: { $0.name == module }) else {
            let known = source.manifest.modules.map(\.name).joined(separator: ", ")
            throw ConfigurationError("unknown module '\(module)'; modules.yml declares: \(known)")
        }
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let fileName = String(slug).split(separator: "_").joined(separator: "_")
        guard !fileName.isEmpty else {
            throw ConfigurationError(
                "migration name '\(name)' has no letters or digits; use e.g. add_session_index")
        }
        let version = String(format: "%04d", source.latestVersion(of: module) + 1)
        var paths: [String] = []
        for dialect in Dialect.allCases {
            let folder = source.directory.appendingPathComponent(dialect.rawValue).appendingPathComponent(
                module)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("\(version)_\(fileName).sql")
            let header =
                "-- \(module) \(version): \(fileName.replacingOccurrences(of: "_", with: " ")) (\(dialect.rawValue))\n\n"
            guard FileManager.default.createFile(atPath: file.path, contents: Data(header.utf8)) else {
                throw ConfigurationError("cannot write \(file.path); check permissions")
            }
            paths.append(file.path)
        }
        return paths
    }
}
