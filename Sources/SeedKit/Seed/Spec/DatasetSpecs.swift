import Foundation

/// The dataset specs of a seeds folder: every `dataset/*.yml` (one per migrations module), read
/// and checked before any database is opened.
public struct DatasetSpecs: Sendable {
    let specs: [DatasetSpec]
    /// The specs' folder as messages show it (`Seeds/dataset`).
    let directory: String

    /// No specs: the built-in generators alone (and the schema's defaults for added columns).
    public static let none = DatasetSpecs(specs: [], directory: "Seeds/dataset")

    init(specs: [DatasetSpec], directory: String) {
        self.specs = specs
        self.directory = directory
    }

    /// Reads `folder/dataset/*.yml` in name order; throws every problem of every file at once
    /// (`FILE:LINE:COLUMN: …`, exit 3). A folder without `dataset/` has no specs.
    public static func load(from folder: URL) throws -> DatasetSpecs {
        let directory = folder.appendingPathComponent("dataset")
        let shown = folder.relativePath + "/dataset"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return DatasetSpecs(specs: [], directory: shown)
        }
        var specs: [DatasetSpec] = []
        var issues: [SpecIssue] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let url = directory.appendingPathComponent(name)
            let path = "\(shown)/\(name)"
            let text = try YAMLFile.text(of: url, missing: "cannot read \(path); check its permissions")
            var parser = DatasetSpecParser(file: path)
            specs.append(parser.parse(text))
            issues += parser.issues
        }
        guard issues.isEmpty else { throw ConfigurationError(specIssues: issues) }
        return DatasetSpecs(specs: specs, directory: shown)
    }

    /// The logical names of the tables the specs seed that seedctl's generators do not.
    public var newTableNames: [String] {
        specs.flatMap(\.tables).filter { $0.parent != nil && SeedSchema.table(named: $0.name) == nil }.map(
            \.name)
    }
}
