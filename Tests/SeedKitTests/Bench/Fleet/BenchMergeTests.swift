import Foundation
import Histogram
import Testing

@testable import SeedKit

struct BenchMergeTests {
    /// A result holding `samples` of queries `q` and `r` (multiples of 3), as a `--json` file would.
    static func result(
        _ samples: [UInt64], segment: BenchSegment? = nil,
        settings edit: (inout BenchSettings) -> Void = { _ in }
    ) throws -> BenchResult {
        var totals = BenchTotals()
        for value in samples {
            let name = value % 3 == 0 ? "r" : "q"
            _ = totals.queries[name, default: .init()].latency.record(value)
            _ = totals.overall.record(value)
            _ = totals.poolWait.record(value / 10 + 1)
        }
        totals.queries["q", default: .init()].errors = ["57014": 2]
        totals.errors = ["57014": 2]
        var settings = BenchSettings()
        settings.queries = ["q", "r"]
        settings.catalogDigest = "abc"
        settings.segment = segment
        edit(&settings)
        let built = BenchResult(
            settings: settings, server: "PostgreSQL 15.18", seconds: 10, totals: totals, timeline: [],
            percentiles: [], reconnects: 1, peakRSSBytes: 100, rssGrowthBytes: 1, abortedBecause: nil)
        return try JSONDecoder().decode(BenchResult.self, from: JSONEncoder().encode(built))
    }

    @Test func mergedPercentilesAreThoseOfAllSamplesTogether() throws {
        let samples = HdrHistogramEncodingTests.samples(count: 30_000, seed: 9)
        let parts = [Array(samples[..<11_000]), Array(samples[11_000..<19_000]), Array(samples[19_000...])]
        let inputs = try parts.enumerated().map { index, part in
            BenchMerge.Input(
                source: "s\(index + 1).json",
                result: try Self.result(part, segment: .init(index: index + 1, count: 3)))
        }
        let thresholds = try ["p(99.99)<1s", "q:p(12.5)<1s"].map { try Threshold(parsing: $0) }
        let merged = try BenchMerge.merge(inputs, thresholds: thresholds)
        let whole = try Self.result(samples)
        #expect(merged.overall.requests == inputs.map(\.result.overall.requests).reduce(0, +))
        #expect(merged.overall.requests == 30_000)
        for (name, mergedFigures, wholeFigures) in [
            ("all", merged.overall, whole.overall), ("q", merged.queries["q"], whole.queries["q"]),
            ("r", merged.queries["r"], whole.queries["r"]), ("pool", merged.poolWait, whole.poolWait),
        ] {
            let m = try #require(mergedFigures, "\(name)")
            let w = try #require(wholeFigures, "\(name)")
            #expect(m.requests == w.requests, "\(name)")
            #expect(
                [m.p50Ms, m.p90Ms, m.p95Ms, m.p99Ms, m.p999Ms, m.maxMs, m.avgMs]
                    == [w.p50Ms, w.p90Ms, w.p95Ms, w.p99Ms, w.p999Ms, w.maxMs, w.avgMs], "\(name)")
            #expect(m.curve == w.curve, "\(name)")
            #expect(m.histogram == w.histogram, "\(name): the same encoding, byte for byte")
        }
        // Thresholds on any percentile read the merged histogram exactly.
        let all = HdrHistogramEncodingTests.histogram(samples)
        #expect(
            merged.latencyMs(percentile: 99.99, query: nil) == Double(all.valueAtPercentile(99.99)) / 1000)
        #expect(merged.queries["q"]?.errorsByCause == ["57014": 6])
        #expect(merged.reconnects == 3 && merged.settings.segment == nil)
    }

    @Test func refusesResultsOfOtherSettingsNamingTheDifference() throws {
        let a = BenchMerge.Input(
            source: "a.json", result: try Self.result([1, 2], segment: .init(index: 1, count: 2)))
        let b = BenchMerge.Input(
            source: "b.json",
            result: try Self.result([3], segment: .init(index: 2, count: 2)) {
                $0.clients = 20
                $0.catalogDigest = "def"
            })
        let error = try #require(throws: ConfigurationError.self) { try BenchMerge.merge([a, b]) }
        #expect(error.description.contains("b.json and a.json"))
        #expect(
            error.description.contains("clients 10 ≠ 20") && error.description.contains("catalog abc ≠ def"))
    }

    @Test func refusesARepeatedOrMissingSegment() throws {
        let one = BenchMerge.Input(
            source: "a.json", result: try Self.result([1], segment: .init(index: 1, count: 3)))
        let two = BenchMerge.Input(
            source: "b.json", result: try Self.result([2], segment: .init(index: 2, count: 3)))
        let repeated = try #require(throws: ConfigurationError.self) {
            try BenchMerge.merge([one, two, one])
        }
        #expect(repeated.description.contains("both segment 1/3"))
        let missing = try #require(throws: ConfigurationError.self) { try BenchMerge.merge([one, two]) }
        #expect(missing.description.contains("3/3 missing"))
    }
}
