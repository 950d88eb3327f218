import Foundation
import Histogram
import Testing

@testable import SeedKit

@Suite("bench --segment and bench merge")
struct BenchFleetTests {
    /// The figures of `name` (`overall`, `poolWait`, `query:NAME`) in a result object.
    static func figures(_ result: [String: Any], _ name: String) throws -> [String: Any] {
        if name.hasPrefix("query:") {
            let queries = try #require(result["queries"] as? [String: Any])
            return try #require(queries[String(name.dropFirst(6))] as? [String: Any])
        }
        return try #require(result[name] as? [String: Any])
    }

    static func histogram(_ figures: [String: Any]) throws -> Histogram<UInt64> {
        try HdrHistogramEncoding.decode(try #require(figures["histogram"] as? String))
    }

    @Test func twoSegmentsAtOnceMergeToTheSumWithExactPercentiles() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let files = [BenchJSONFile(), BenchJSONFile()]
        let runs = try (1...2).map { k in
            try CLI.start(
                [
                    "bench", "--clients", "6", "--connections", "2", "--warmup", "0s", "--duration", "3s",
                    "--segment", "\(k)/2", "--json", files[k - 1].path, "--database-url", database.url,
                ], in: Repository.root)
        }.map { try $0.finish() }
        for run in runs { #expect(run.status == 0, "\(run.output)") }
        let segments = try files.map { try $0.result() }
        for (k, segment) in segments.enumerated() {
            let settings = try #require(segment["settings"] as? [String: Any])
            #expect(settings["segment"] as? [String: Int] == ["index": k + 1, "count": 2])
            let timeline = try #require(segment["timeline"] as? [[String: Any]])
            #expect(
                timeline.allSatisfy { $0["clients"] as? Int == 3 }, "each segment runs 3 of the 6 clients")
        }

        let merged = BenchJSONFile()
        let merge = try CLI.run(["bench", "merge", files[0].path, files[1].path, "--json", merged.path])
        #expect(merge.status == 0, "\(merge.output)")
        let result = try merged.result()
        let names =
            ["overall", "poolWait"]
            + (try #require(result["queries"] as? [String: Any])).keys.map { "query:\($0)" }
        for name in names {
            let figures = try Self.figures(result, name)
            let parts = try segments.map { try Self.figures($0, name) }
            let requests = parts.map { $0["requests"] as? Int ?? -1 }
            #expect(
                figures["requests"] as? Int == requests.reduce(0, +) && requests.allSatisfy { $0 > 0 },
                "\(name)")
            // One histogram of every sample of both segments, built here from what each recorded.
            var all = BenchTotals.histogram()
            for part in parts { all.add(try Self.histogram(part)) }
            #expect(all.totalCount == UInt64(requests.reduce(0, +)), "\(name)")
            for (key, percentile) in [
                ("p50Ms", 50.0), ("p90Ms", 90), ("p95Ms", 95), ("p99Ms", 99), ("p999Ms", 99.9),
            ] {
                #expect(figures[key] as? Double == all.milliseconds(at: percentile), "\(name) \(key)")
            }
            #expect(figures["maxMs"] as? Double == Double(all.max) / 1000, "\(name)")
        }

        // A second implementation reads the same counts and percentiles from the encodings.
        for (file, object) in [(merged, result), (files[0], segments[0])] {
            let python = try PythonHdrHistogram.decode(file.path)
            #expect(Set(python.keys) == Set(names))
            for name in names {
                let decoded = try #require(python[name] as? [String: Any])
                let figures = try Self.figures(object, name)
                let swift = try Self.histogram(figures)
                #expect(decoded["count"] as? Int == figures["requests"] as? Int, "\(name)")
                let buckets = try #require(decoded["buckets"] as? [[Int]])
                #expect(buckets == swift.recordedValues().map { [Int($0.value), Int($0.count)] }, "\(name)")
                let percentiles = try #require(decoded["percentiles"] as? [String: Int])
                for (key, level) in [
                    ("p50Ms", "50"), ("p90Ms", "90"), ("p95Ms", "95"), ("p99Ms", "99"), ("p999Ms", "99.9"),
                ] {
                    #expect(
                        percentiles[level].map { Double($0) / 1000 } == figures[key] as? Double,
                        "\(name) \(key)")
                }
                #expect(
                    (decoded["max"] as? Int).map { Double($0) / 1000 } == figures["maxMs"] as? Double,
                    "\(name)")
            }
        }
    }

    @Test func mergeRefusesResultsOfOtherSettings() throws {
        let database = try TestDatabase.seededFixture(.sqlite)
        let files = [BenchJSONFile(), BenchJSONFile()]
        for (file, clients) in zip(files, ["2", "3"]) {
            let run = try database.run([
                "bench", "--clients", clients, "--connections", "1", "--warmup", "0s", "--transactions", "50",
                "--json", file.path,
            ])
            #expect(run.status == 0, "\(run.output)")
        }
        let merge = try CLI.run(["bench", "merge", files[0].path, files[1].path])
        #expect(merge.status == 3)
        #expect(merge.stderr.contains("clients 2 ≠ 3"), "\(merge.stderr)")
        #expect(merge.stderr.contains("transactions") == false)
    }
}
