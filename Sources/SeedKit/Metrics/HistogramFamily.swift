import Synchronization

/// A Prometheus histogram family with classic buckets, one series per label set, fed many
/// observations of one value at a time.
///
/// swift-prometheus's `Histogram` takes one observation per `record`, and each `record` walks
/// every bucket under a lock. Bench feeds a closed second's HdrHistogram: a few hundred
/// distinct values standing for 100k requests. Through `record` that was one call per request
/// per histogram (41 buckets for the default catalog), about 1.8k instructions a request on the
/// ticker thread; here it is one step per distinct value. The exposition is what
/// swift-prometheus writes for its own histograms (`HistogramFamilyTests` compares the two),
/// and `BenchMetrics` appends it after the registry's.
final class HistogramFamily: Sendable {
    /// One label set's counts.
    final class Series: Sendable {
        fileprivate let labels: String
        private let bounds: [Double]
        private let state: Mutex<State>

        fileprivate struct State {
            /// Observations per bucket, not cumulative; the last entry is above every bound.
            var counts: [Int]
            var sum: Double = 0
            var count = 0
        }

        fileprivate init(labels: String, bounds: [Double]) {
            self.labels = labels
            self.bounds = bounds
            state = Mutex(State(counts: Array(repeating: 0, count: bounds.count + 1)))
        }

        /// Adds `count` observations of `value` for each pair, under one lock.
        func add(_ observations: [(value: Double, count: Int)]) {
            let buckets = observations.map { observation in
                bounds.firstIndex { $0 >= observation.value } ?? bounds.count
            }
            state.withLock { state in
                for (observation, bucket) in zip(observations, buckets) {
                    state.counts[bucket] += observation.count
                    state.sum += observation.value * Double(observation.count)
                    state.count += observation.count
                }
            }
        }

        fileprivate var snapshot: State { state.withLock { $0 } }
    }

    private let name: String
    private let help: String
    private let bounds: [Double]
    /// The family's series, in the order of the label sets it was made with.
    let series: [Series]

    /// A family named `name` (its unit in the name) with a series for each of `labelSets`, all
    /// with the bucket bounds `bounds` (ascending).
    init(name: String, help: String, bounds: [Double], labelSets: [[(String, String)]]) {
        self.name = name
        self.help = help
        self.bounds = bounds
        series = labelSets.map { Series(labels: Self.render($0), bounds: bounds) }
    }

    /// Appends the family in the Prometheus text format: `# HELP`, `# TYPE`, then each series'
    /// cumulative buckets, `+Inf`, `_sum` and `_count`.
    func emit(into text: inout String) {
        let escapedHelp = help.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\n", with: " ")
        text += "# HELP \(name) \(escapedHelp)\n# TYPE \(name) histogram\n"
        for series in series {
            let state = series.snapshot
            let prefix = series.labels.isEmpty ? "" : series.labels + ","
            let braced = series.labels.isEmpty ? "" : "{\(series.labels)}"
            var cumulative = 0
            for (bound, count) in zip(bounds, state.counts) {
                cumulative += count
                text += "\(name)_bucket{\(prefix)le=\"\(bound.description)\"} \(cumulative)\n"
            }
            text += "\(name)_bucket{\(prefix)le=\"+Inf\"} \(state.count)\n"
            text += "\(name)_sum\(braced) \(state.sum.description)\n"
            text += "\(name)_count\(braced) \(state.count)\n"
        }
    }

    /// `name="value",…` with backslash, double quote and line feed escaped, as the format asks.
    private static func render(_ labels: [(String, String)]) -> String {
        labels.map { name, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(escaped)\""
        }.joined(separator: ",")
    }
}
