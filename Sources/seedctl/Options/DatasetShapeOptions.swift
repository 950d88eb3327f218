import ArgumentParser
import SeedKit

/// `--scale`, `--count`, `--as-of` and `--part`: how `seed` resizes, anchors and slices the
/// profile's dataset.
struct DatasetShapeOptions: ParsableArguments {
    /// Multiplies every count.
    @Option(help: "Multiply every count of the profile.")
    var scale: Double?

    /// Per-table overrides.
    @Option(help: ArgumentHelp("Override one table's count (repeatable).", valueName: "table=rows"))
    var count: [String] = []

    /// The anchor all timestamps count back from.
    @Option(
        help: ArgumentHelp(
            "Anchor time for generated timestamps (UTC).", valueName: "yyyy-mm-dd[Thh:mm:ssZ]"))
    var asOf: Timestamp = .defaultAnchor

    @Option(help: ArgumentHelp("Generate only part K of N (1 ≤ K ≤ N).", valueName: "K/N"))
    var part: SeedPart = .whole

    func validate() throws {
        if let scale, !(scale > 0 && scale.isFinite) {
            throw ValidationError("'--scale' must be a positive number")
        }
    }

    /// The generator context of `dataset` in this shape.
    func context(of dataset: DatasetOptions) throws -> GeneratorContext {
        try dataset.context(scale: scale, counts: count, asOf: asOf, part: part)
    }
}
