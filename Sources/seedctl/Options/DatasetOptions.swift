import ArgumentParser
import Foundation
import SeedKit

/// The dataset flags shared by `seed`, `verify` and `setup`: profile, seed, scale, counts, part.
struct DatasetOptions: ParsableArguments {
    /// A profile in `profiles.yml`.
    @Option(help: "Profile from Seeds/profiles.yml: fixture, default, staging, large.")
    var profile = "default"

    /// The seed; the same seed gives the same data.
    @Option(help: "Random seed; the same seed gives byte-identical data.")
    var seed: UInt64 = 42

    /// Multiplies every count.
    @Option(help: "Multiply every count of the profile.")
    var scale: Double?

    /// Per-table overrides.
    @Option(help: ArgumentHelp("Override one table's count (repeatable).", valueName: "table=rows"))
    var count: [String] = []

    /// The anchor all timestamps count back from.
    @Option(help: ArgumentHelp("Anchor time for generated timestamps (UTC).", valueName: "yyyy-mm-dd[Thh:mm:ssZ]"))
    var asOf = "2026-01-01"

    /// `K/N`.
    @Option(help: ArgumentHelp("Generate only part K of N (1 ≤ K ≤ N).", valueName: "K/N"))
    var part = "1/1"

    /// Where profiles and vocabulary live.
    @Option(help: ArgumentHelp("Folder with profiles.yml and vocabulary.yml.", valueName: "dir"))
    var seeds = "Seeds"

    func validate() throws {
        guard SeedPart(part) != nil else { throw ValidationError("'--part' must look like K/N with 1 ≤ K ≤ N, e.g. 2/4") }
        guard Timestamp(parsing: asOf) != nil else { throw ValidationError("'--as-of' must be a date like 2026-01-01 or 2026-01-01T12:00:00Z") }
        if let scale, !(scale > 0 && scale.isFinite) { throw ValidationError("'--scale' must be a positive number") }
    }

    /// The generator context these flags describe.
    func context() throws -> GeneratorContext {
        let folder = URL(fileURLWithPath: seeds)
        var profile = try ProfileCatalog(contentsOf: folder.appendingPathComponent("profiles.yml")).profile(named: self.profile)
        if let scale { profile = try profile.scaled(by: scale) }
        profile = try profile.overriding(count)
        let plan = try DatasetPlan(
            profile: profile, seed: seed, asOf: Timestamp(parsing: asOf) ?? .defaultAnchor, part: SeedPart(part) ?? .whole)
        return GeneratorContext(plan: plan, vocabulary: try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml")))
    }
}
