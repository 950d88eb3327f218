import Foundation

/// Creates the next migration file of a module for each of its dialects (`migrate new`), with
/// an up and a down section.
public enum MigrationScaffold {
    /// Writes `<dialect>/<module>/<next>_<name>.sql` for each dialect the module declares and
    /// returns their paths.
    ///
    /// The version follows the module's convention: a UTC timestamp (`yyyyMMddHHmmss`) when its
    /// files use timestamps, else the next number, zero-padded like the existing files.
    public static func create(module: String, name: String, in source: MigrationSource, now: Date = Date())
        throws
        -> [String]
    {
        guard let declared = source.manifest.modules.first(where: { $0.name == module }) else {
            let known = source.manifest.modules.map(\.name).joined(separator: ", ")
            throw ConfigurationError("unknown module '\(module)'; modules.yml declares: \(known)")
        }
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let fileName = String(slug).split(separator: "_").joined(separator: "_")
        guard !fileName.isEmpty else {
            throw ConfigurationError(
                "migration name '\(name)' has no letters or digits; use e.g. add_session_index")
        }
        let version = nextVersion(existing: source.migrations(of: module), now: now)
        var paths: [String] = []
        for dialect in declared.dialects {
            let folder = source.directory.appendingPathComponent(dialect.rawValue).appendingPathComponent(
                module)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("\(version)_\(fileName).sql")
            let text = """
                -- \(module) \(version): \(fileName.replacingOccurrences(of: "_", with: " ")) (\(dialect.rawValue))

                -- seedctl:up


                -- seedctl:down


                """
            guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8)) else {
                throw ConfigurationError("cannot write \(file.path); check permissions")
            }
            paths.append(file.path)
        }
        return paths
    }

    /// A timestamp when the module's versions are timestamps (12 digits or more), else the
    /// next number padded to the width its files use (4 by default).
    static func nextVersion(existing: [Migration], now: Date) -> String {
        let latest = existing.map(\.version).max() ?? 0
        if existing.contains(where: { $0.versionText.count >= 12 }) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMddHHmmss"
            let stamp = Int(formatter.string(from: now)) ?? latest + 1
            return String(max(stamp, latest + 1))
        }
        let width = existing.map(\.versionText.count).max() ?? 4
        let digits = String(latest + 1)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
