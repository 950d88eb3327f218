import ArgumentParser
import Foundation
import SeedKit

/// `--seeds DIR`: the folder with `profiles.yml`, `vocabulary.yml` and `catalog.sql`.
struct SeedsFolderOptions: ParsableArguments {
    @Option(
        name: .customLong("seeds"),
        help: ArgumentHelp(
            "Folder with profiles.yml, vocabulary.yml, catalog.sql and dataset/*.yml.", valueName: "dir"))
    var path = "Seeds"

    private var folder: URL { URL(fileURLWithPath: path) }

    /// The query catalog in this folder.
    var catalog: URL { folder.appendingPathComponent("catalog.sql") }

    /// A profile of `profiles.yml`.
    func profile(named name: String) throws -> Profile {
        try ProfileCatalog(contentsOf: folder.appendingPathComponent("profiles.yml")).profile(named: name)
    }

    /// The dataset specs in `dataset/*.yml` (none without that folder).
    func datasetSpecs() throws -> DatasetSpecs {
        try DatasetSpecs.load(from: folder)
    }

    /// The word lists of `vocabulary.yml`.
    func vocabulary() throws -> Vocabulary {
        try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml"))
    }
}
