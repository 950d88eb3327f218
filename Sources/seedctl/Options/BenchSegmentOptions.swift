import ArgumentParser
import SeedKit

/// `bench --segment K/N`: one process's share of a run made from several machines.
struct BenchSegmentOptions: ParsableArguments {
    /// A transform, so a bad value's error says the form.
    @Option(
        help: ArgumentHelp(
            "Run the K-th of N shares of the clients, connections, --rate and stage targets, "
                + "with draws disjoint from the other segments' (merge the --json files with 'bench merge').",
            valueName: "K/N"),
        transform: { text in
            guard let segment = BenchSegment(text) else {
                throw ValidationError("'--segment' must look like K/N with 1 ≤ K ≤ N ≤ 1000, e.g. 2/4")
            }
            return segment
        })
    var segment: BenchSegment?
}
