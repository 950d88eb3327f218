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
        // The data reaches about a year before the anchor and a little after; every database
        // and the SQLite text form need four-digit years.
        guard let earliest = Timestamp(parsing: "1901-01-01"), let latest = Timestamp(parsing: "9998-12-31"),
            (earliest.microseconds...latest.microseconds).contains(asOf.microseconds)
        else {
            throw ValidationError("'--as-of' must be between 1901-01-01 and 9998-12-31, e.g. 2026-01-01")
        }
    }

    /// The generator context of `dataset` in this shape.
    func context(of dataset: DatasetOptions) throws -> GeneratorContext {
        try dataset.context(scale: scale, counts: count, asOf: asOf, part: part)
    }
}
