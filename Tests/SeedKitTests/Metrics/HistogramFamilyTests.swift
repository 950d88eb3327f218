import Prometheus
import Testing

@testable import SeedKit

struct HistogramFamilyTests {
    /// Values whose sums are exact in binary, so one `record` at a time and n at once agree
    /// to the last digit; the largest is above every bound.
    static let observations: [(value: Double, count: Int)] = [
        (0.0009765625, 3), (0.001953125, 250), (0.0078125, 1), (0.015625, 12), (0.5, 2), (64, 1),
    ]
    static let bounds = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.0125, 0.025, 1]
    static let labels = [("query", "session_by_id"), ("catalog", "catalog"), ("target", #"app "x"\y"#)]

    @Test("n observations at once are written as swift-prometheus writes n records of its own histogram")
    func sameAsSwiftPrometheus() {
        let registry = PrometheusCollectorRegistry()
        let reference = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "latency_seconds", unitName: "", helpText: "Latency."),
            labels: Self.labels, buckets: Self.bounds)
        for observation in Self.observations {
            for _ in 0..<observation.count { reference.record(observation.value) }
        }
        let family = HistogramFamily(
            name: "latency_seconds", help: "Latency.", bounds: Self.bounds, labelSets: [Self.labels])
        family.series[0].add(Array(Self.observations.prefix(2)))
        family.series[0].add(Array(Self.observations.dropFirst(2)))
        var text = ""
        family.emit(into: &text)

        #expect(text == registry.emitToString())
        #expect(
            text.contains(
                #"latency_seconds_bucket{query="session_by_id",catalog="catalog",target="app \"x\"\\y",le="0.0025"} 253"#
            ))
        #expect(text.contains(#"le="+Inf"} 269"#))
    }

    @Test("each label set is a series of its own; an empty series writes zeros")
    func seriesApart() {
        let family = HistogramFamily(
            name: "wait_seconds", help: "Wait.", bounds: [0.001, 0.01],
            labelSets: [[("q", "a")], [("q", "b")]])
        family.series[1].add([(0.002, 5)])
        var text = ""
        family.emit(into: &text)
        #expect(
            text == """
                # HELP wait_seconds Wait.
                # TYPE wait_seconds histogram
                wait_seconds_bucket{q="a",le="0.001"} 0
                wait_seconds_bucket{q="a",le="0.01"} 0
                wait_seconds_bucket{q="a",le="+Inf"} 0
                wait_seconds_sum{q="a"} 0.0
                wait_seconds_count{q="a"} 0
                wait_seconds_bucket{q="b",le="0.001"} 0
                wait_seconds_bucket{q="b",le="0.01"} 5
                wait_seconds_bucket{q="b",le="+Inf"} 5
                wait_seconds_sum{q="b"} 0.01
                wait_seconds_count{q="b"} 5

                """)
    }
}
