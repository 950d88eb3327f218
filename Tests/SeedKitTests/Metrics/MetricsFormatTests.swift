import Foundation
import Testing

@testable import SeedKit

struct MetricsFormatTests {
    @Test(
        "Accept decides the format: OpenMetrics only when asked for with a weight above 0",
        arguments: [
            (
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5",
                MetricsFormat.openMetrics
            ),
            ("application/openmetrics-text; version=0.0.1; q=0.75, */*;q=0.1", .openMetrics),
            ("text/plain;version=0.0.4", .prometheus),
            ("application/openmetrics-text;q=0, text/plain", .prometheus),
            ("*/*", .prometheus),
            ("", .prometheus),
        ])
    func negotiation(accept: String, expected: MetricsFormat) {
        #expect(MetricsFormat(accept: accept) == expected)
    }

    @Test("OpenMetrics: counter families lose _total in HELP/TYPE, samples keep it, # EOF ends it")
    func openMetrics() {
        let prometheus = """
            # HELP a_total Things, counted.
            # TYPE a_total counter
            a_total{q="x"} 3
            # HELP b_seconds Time.
            # TYPE b_seconds histogram
            b_seconds_bucket{le="0.005"} 1
            b_seconds_bucket{le="+Inf"} 2
            b_seconds_sum 0.5
            b_seconds_count 2
            # TYPE c_total gauge
            c_total 1

            """
        let open = OpenMetricsText(prometheus: prometheus).text
        #expect(
            open == """
                # HELP a Things, counted.
                # TYPE a counter
                a_total{q="x"} 3
                # HELP b_seconds Time.
                # TYPE b_seconds histogram
                b_seconds_bucket{le="0.005"} 1
                b_seconds_bucket{le="+Inf"} 2
                b_seconds_sum 0.5
                b_seconds_count 2
                # TYPE c_total gauge
                c_total 1
                # EOF

                """)
    }

    @Test("latency buckets: every budget and 1.5× of it are bounds, sorted, no float noise")
    func buckets() {
        let bounds = BenchMetrics.buckets(budgetsMs: [5, 50, 5])
        #expect(bounds == bounds.sorted() && Set(bounds).count == bounds.count)
        for bound in [0.005, 0.0075, 0.05, 0.075, 0.00125, 0.2] { #expect(bounds.contains(bound)) }
        #expect(bounds.count == 16)
        #expect(AlertRules.number(0.005 * 1.5) == "0.0075")
    }

    @Test(
        "Prometheus durations",
        arguments: [(300.0, "5m"), (3600, "1h"), (90, "90s"), (0.25, "250ms"), (0, "0s")])
    func durations(seconds: Double, text: String) {
        #expect(AlertRules.duration(seconds) == text)
    }

    @Test("a metrics address that is not HOST:PORT is refused with the flag's name")
    func badAddress() {
        for text in ["9464", "example.com:9464", "127.0.0.1:70000", "[::1:9464"] {
            #expect(throws: ConfigurationError.self) { try MetricsServer.socketAddress(text) }
        }
    }
}
