import Foundation
import Testing

@testable import SeedKit

struct ThresholdTests {
    @Test(
        arguments: [
            ("p(95)<50ms", nil, .percentile(95), .less, 50),
            ("p95<50ms", nil, .percentile(95), .less, 50),
            ("orders:p99.9<=2ms", "orders", .percentile(99.9), .lessOrEqual, 2),
            ("p(99.9) <= 1.5s", nil, .percentile(99.9), .lessOrEqual, 1500),
            ("p(100)<2s", nil, .percentile(100), .less, 2000),
            ("sessions_by_status:p(99)<=20ms", "sessions_by_status", .percentile(99), .lessOrEqual, 20),
            (" orders_2 : avg < 250 us ", "orders_2", .avg, .less, 0.25),
            ("avg<10µs", nil, .avg, .less, 0.01),
            ("avg<10μs", nil, .avg, .less, 0.01),  // Greek mu, not the micro sign
            ("max<1s", nil, .max, .less, 1000),
            ("pool_wait_p95<5ms", nil, .poolWaitP95, .less, 5),
            ("errors<1%", nil, .errorRate, .less, 0.01),
            ("errors<=0.5%", nil, .errorRate, .lessOrEqual, 0.005),
            ("errors<0.01", nil, .errorRate, .less, 0.01),
            ("tps>500", nil, .tps, .greater, 500),
            ("_q:tps>=12.5", "_q", .tps, .greaterOrEqual, 12.5),
        ] as [(String, String?, Threshold.Metric, Threshold.Comparison, Double)])
    func parses(
        text: String, query: String?, metric: Threshold.Metric, comparison: Threshold.Comparison,
        value: Double
    ) throws {
        let threshold = try Threshold(parsing: text)
        #expect(threshold.query == query)
        #expect(threshold.metric == metric)
        #expect(threshold.comparison == comparison)
        #expect(threshold.value == value)
        #expect(threshold.description == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        ("p(95)<50", "needs a unit for the latency (us, ms or s): write e.g. 'p(95)<50ms'"),
        ("avg<5h", "unknown unit 'h'"),
        ("avg<5ms5", "unknown unit 'ms5'"),
        ("p(0)<5ms", "above 0 and at most 100"),
        ("p(100.1)<5ms", "above 0 and at most 100"),
        ("p(abc)<5ms", "percentile 'abc'"),
        ("p95x<5ms", "unknown metric 'p95x': use one of p(N) or pN, avg, max, tps, errors, pool_wait_p95"),
        ("latency<5ms", "unknown metric 'latency'"),
        ("avg 5ms", "needs a comparison"),
        ("avg=5ms", "needs a comparison"),
        ("avg<", "needs a number after '<'"),
        ("avg<<5ms", "needs a number after '<'"),
        ("avg<-5ms", "needs a number"),
        ("avg<1.2.3ms", "needs a number"),
        ("errors<150%", "percentage up to 100%"),
        ("errors<2", "fraction up to 1"),
        ("errors<1ms", "errors<1%"),
        ("tps>500ms", "tps takes a bare number"),
        ("Orders:avg<5ms", "invalid query name 'Orders'"),
        (":avg<5ms", "invalid query name ''"),
        ("q:pool_wait_p95<5ms", "measured for the whole run"),
        ("   ", "is empty"),
    ])
    func rejects(text: String, fragment: String) {
        do {
            _ = try Threshold(parsing: text)
            Issue.record("'\(text)' parsed")
        } catch let error as ConfigurationError {
            #expect(
                error.description.hasPrefix("'--threshold \(text.trimmingCharacters(in: .whitespaces))' "))
            #expect(error.description.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [
        ("avg<10ms", 9.999, true), ("avg<10ms", 10, false),
        ("max<=1s", 1000, true), ("max<=1s", 1000.001, false),
        ("p(95)>2ms", 2, false), ("p(95)>2ms", 2.001, true),
        ("pool_wait_p95>=5ms", 5, true), ("pool_wait_p95>=5ms", 4.999, false),
        ("tps>500", 500, false), ("tps>500", 500.1, true),
        ("errors<1%", 0.0099, true), ("errors<1%", 0.01, false),
        ("q:tps>=500", 500, true), ("q:tps>=500", 499.9, false),
    ])
    func boundaries(text: String, actual: Double, passed: Bool) throws {
        let result = try Threshold(parsing: text).evaluate(FakeFigures(everything: actual))
        #expect(result.passed == passed)
        #expect(result.actual == actual)
        #expect(result.message.hasSuffix(passed ? " ✓" : " ✗"))
    }

    @Test(arguments: [
        ("p(95)<50ms", "p(95)<50ms: 12.3ms ✓"),
        ("p(99)<50ms", "p(99)<50ms: 80ms ✗"),
        ("errors<1%", "errors<1%: 2.5% ✗"),
        ("tps>500", "tps>500: 512.25/s ✓"),
        ("avg<10ms", "avg<10ms: 5ms ✓"),
        ("slow:avg<10ms", "slow:avg<10ms: 40ms ✗"),
        ("slow:p(95)<50ms", "slow:p(95)<50ms: 0.005ms ✓"),
        ("pool_wait_p95<1ms", "pool_wait_p95<1ms: 0.75ms ✓"),
        ("nope:avg<10ms", "nope:avg<10ms: unknown query 'nope' ✗"),
    ])
    func messagesReadTheRightFigure(text: String, message: String) throws {
        let figures = FakeFigures(
            overall: .init(
                percentiles: [95: 12.3, 99: 80], average: 5, max: 90, throughput: 512.25, errors: 0.025),
            queries: [
                "slow": .init(percentiles: [95: 0.005], average: 40, max: 41, throughput: 3, errors: 0)
            ],
            poolWait: 0.75)
        let result = try Threshold(parsing: text).evaluate(figures)
        #expect(result.message == message)
        #expect(result.passed == message.hasSuffix("✓"))
    }

    @Test(arguments: ["p(95)<50ms", "avg<1s", "max<1s", "q:p(99)<5ms"])
    func latencyOverNoSamplesFails(text: String) throws {
        var figures = FakeFigures(everything: 0)
        figures.overall.successes = 0
        figures.queries["q"]?.successes = 0
        let result = try Threshold(parsing: text).evaluate(figures)
        #expect(!result.passed)
        #expect(result.message == "\(text): no successful requests ✗")
    }

    @Test func missingFigureFails() throws {
        let threshold = try Threshold(parsing: "pool_wait_p95<5ms")
        let result = threshold.evaluate(FakeFigures(overall: .init(), queries: [:], poolWait: nil))
        #expect(
            result
                == ThresholdResult(
                    threshold: threshold, passed: false, actual: nil,
                    message: "pool_wait_p95<5ms: not measured in this run ✗"))
    }
}

private struct FakeFigures: ThresholdFigures {
    struct Figures {
        var percentiles: [Double: Double] = [:]
        var average, max, throughput, errors: Double?
        var successes = 1
    }

    var overall: Figures
    var queries: [String: Figures]
    var poolWait: Double?

    init(overall: Figures, queries: [String: Figures], poolWait: Double?) {
        self.overall = overall
        self.queries = queries
        self.poolWait = poolWait
    }

    /// Every figure, overall and for query "q", equals `value`.
    init(everything value: Double) {
        let figures = Figures(
            percentiles: [95: value], average: value, max: value, throughput: value, errors: value)
        self.init(overall: figures, queries: ["q": figures], poolWait: value)
    }

    func figures(_ query: String?) -> Figures? {
        guard let query else { return overall }
        return queries[query]
    }

    func latencyMs(percentile: Double, query: String?) -> Double? { figures(query)?.percentiles[percentile] }
    func averageMs(query: String?) -> Double? { figures(query)?.average }
    func maxMs(query: String?) -> Double? { figures(query)?.max }
    func throughput(query: String?) -> Double? { figures(query)?.throughput }
    func errorRate(query: String?) -> Double? { figures(query)?.errors }
    func poolWaitP95Ms() -> Double? { poolWait }
    func successfulRequests(query: String?) -> Int? {
        figures(query).map { $0.successes }
    }
}
