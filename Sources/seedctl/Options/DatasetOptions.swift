import ArgumentParser
import SeedKit

/// `--profile`, `--seed` and `--seeds`: which dataset `seed` and `setup` generate.
struct DatasetOptions: ParsableArguments {
    /// A profile in `profiles.yml`.
    @Option(help: "Profile in profiles.yml of --seeds: fixture, default, staging, large.")
    var profile = "default"

    /// The data's seed; the same seed gives the same data.
    @Option(help: "Seed of the data; the same seed gives byte-identical data.")
    var seed: UInt64 = 42

    @OptionGroup var seeds: SeedsFolderOptions

    /// The generator context of this dataset, resized, anchored and sliced as given.
    func context(
        scale: Double? = nil, counts: [String] = [], asOf: Timestamp = .defaultAnchor, part: SeedPart = .whole
    ) throws -> GeneratorContext {
        let specs = try seeds.datasetSpecs()
        var profile = try seeds.profile(named: self.profile)
        if let scale { profile = try profile.scaled(by: scale) }
        profile = try profile.overriding(counts, specTables: specs.newTableNames)
        let plan = try DatasetPlan(profile: profile, seed: seed, asOf: asOf, part: part)
        return GeneratorContext(plan: plan, vocabulary: try seeds.vocabulary(), specs: specs)
    }
}
