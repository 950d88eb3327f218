import Histogram

/// Bench results of several processes merged into one: the segments of a run made from many
/// machines (`--segment K/N`), or runs of the same settings. Histograms are added bucket by
/// bucket, so the merged percentiles are exactly those of one histogram holding every
/// request; counters are summed.
public enum BenchMerge {
    /// One result to merge and where it came from, for messages.
    public struct Input: Sendable {
        public let source: String
        public let result: BenchResult

        public init(source: String, result: BenchResult) {
            self.source = source
            self.result = result
        }
    }

    /// `inputs` merged; `thresholds` name the percentiles to keep exactly.
    ///
    /// - Throws: `ConfigurationError` naming what differs when the inputs ran different
    ///   catalogs or settings, repeat or miss a segment, or carry no encoded histograms.
    public static func merge(_ inputs: [Input], thresholds: [Threshold] = []) throws -> BenchResult {
        guard let first = inputs.first else { throw ConfigurationError("no result to merge") }
        try BenchMergeCheck(inputs).run()
        var totals = BenchTotals()
        var timeline: [Int: BenchResult.Second] = [:]
        for input in inputs {
            let result = input.result
            let decode = { (latency: BenchResult.Latency, what: String) in
                try histogram(latency, what: what, in: input.source)
            }
            totals.overall.add(try decode(result.overall, "overall"))
            totals.poolWait.add(try decode(result.poolWait, "pool wait"))
            for (name, latency) in result.queries {
                var figures = totals.queries[name, default: .init()]
                figures.latency.add(try decode(latency, "query \(name)"))
                figures.errors.merge(latency.errorsByCause, uniquingKeysWith: +)
                totals.queries[name] = figures
            }
            for (kind, latency) in result.transactionEnds {
                totals.transactionEnds[kind, default: BenchTotals.histogram()].add(try decode(latency, kind))
            }
            totals.errors.merge(result.overall.errorsByCause, uniquingKeysWith: +)
            for (cause, text) in result.firstErrors where totals.firstErrors[cause] == nil {
                let advice = BenchResult.advice(for: cause).map { "; \($0)" } ?? ""
                totals.firstErrors[cause] =
                    text.hasSuffix(advice) ? String(text.dropLast(advice.count)) : text
            }
            for (index, second) in result.timeline.enumerated() {
                timeline[index] = timeline[index].map { $0.adding(second) } ?? second
            }
        }
        var settings = first.result.settings
        settings.segment = nil
        let results = inputs.map(\.result)
        return BenchResult(
            settings: settings, server: first.result.server,
            seconds: results.map(\.seconds).max() ?? first.result.seconds, totals: totals,
            timeline: timeline.keys.sorted().compactMap { timeline[$0] },
            percentiles: BenchRunner.percentiles(in: thresholds),
            reconnects: results.reduce(0) { $0 + $1.reconnects },
            peakRSSBytes: results.map(\.peakRSSBytes).max() ?? 0,
            rssGrowthBytes: results.map(\.rssGrowthBytes).max() ?? 0,
            abortedBecause: results.lazy.compactMap(\.abortedBecause).first,
            interrupted: results.contains(where: \.interrupted))
    }

    private static func histogram(_ latency: BenchResult.Latency, what: String, in source: String) throws
        -> Histogram<UInt64>
    {
        guard let text = latency.histogram else {
            throw ConfigurationError(
                "\(source) has no encoded histogram for \(what) (written by an older seedctl); "
                    + "rerun its bench to merge it")
        }
        do {
            var merged = BenchTotals.histogram()
            let decoded = try HdrHistogramEncoding.decode(text)
            for step in decoded.recordedValues() where !merged.record(step.value, count: step.count) {
                throw HdrEncodingError("holds values beyond an hour")
            }
            return merged
        } catch let error as HdrEncodingError {
            throw ConfigurationError("\(source): \(what): \(error); rerun its bench to merge it")
        }
    }
}

extension BenchResult.Second {
    /// This second and the same second of another process: counts add up; the p95s are the
    /// larger of the two (a bound, as seconds keep no histogram).
    func adding(_ other: Self) -> Self {
        Self(
            elapsed: max(elapsed, other.elapsed), requests: requests + other.requests,
            errors: errors + other.errors, p95Ms: max(p95Ms, other.p95Ms),
            poolWaitP95Ms: max(poolWaitP95Ms, other.poolWaitP95Ms), clients: clients + other.clients)
    }
}
