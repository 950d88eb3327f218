import Foundation
import Testing

@testable import SeedKit

/// `bench --metrics-listen/--metrics-file` scraped by a real Prometheus and checked by promtool.
@Suite("bench metrics")
struct BenchMetricsTests {
    @Test(
        "a real Prometheus scrapes a 15 s run: per-query request counters match --json; promtool accepts the file"
    )
    func prometheusScrapesRun() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let metricsPort = try PgBouncer.freePort()
        let prometheus = try PrometheusServer(scraping: ["127.0.0.1:\(metricsPort)"])
        let output = BenchJSONFile()
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let metricsFile = folder.appendingPathComponent("bench.prom").path
        let runID = "test-\(UUID().uuidString.prefix(8))"
        let result = try database.run([
            "bench", "--duration", "15s", "--warmup", "1s", "--clients", "4", "--connections", "2",
            "--metrics-listen", "127.0.0.1:\(metricsPort)", "--metrics-linger", "3s",
            "--metrics-file", metricsFile, "--run-id", runID, "--json", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("serving metrics at http://127.0.0.1:\(metricsPort)/metrics"))

        let figures = try output.result()
        let queries = try #require(figures["queries"] as? [String: [String: Any]])
        let timeline = try #require(figures["timeline"] as? [[String: Any]])
        // The most requests any one second saw: a bound on what one 1 s scrape interval can miss.
        let oneInterval = timeline.compactMap { $0["requests"] as? Int }.max() ?? 0
        // max_over_time: the target is gone now, so its series are stale for an instant query.
        let scraped = try prometheus.query(
            "max_over_time(seedctl_bench_requests_total{run_id=\"\(runID)\"}[5m])")
        let byQuery = Dictionary(uniqueKeysWithValues: scraped.map { ($0.labels["query"] ?? "", $0) })
        #expect(Set(byQuery.keys) == Set(queries.keys), "\(byQuery.keys.sorted())")
        for (name, query) in queries {
            let counted = (query["requests"] as? Int ?? 0) + (query["errors"] as? Int ?? 0)
            let series = try #require(byQuery[name], "no series for \(name)")
            #expect(abs(Int(series.value) - counted) <= oneInterval, "\(name): \(series.value) vs \(counted)")
            #expect(
                series.labels["target"] == URLComponents(string: database.url)?.path.dropFirst().description)
            #expect(series.labels["catalog"] == "catalog")
        }
        #expect(!scraped.contains { $0.labels.values.contains { $0.contains("postgres://") } })
        let budgets = try prometheus.query(
            "max_over_time(seedctl_bench_request_duration_seconds_bucket{run_id=\"\(runID)\",query=\"session_by_id\",le=\"0.0075\"}[5m])"
        )
        #expect(budgets.count == 1, "session_by_id has a bucket at 1.5 × its 5 ms budget")

        let text = try String(contentsOfFile: metricsFile, encoding: .utf8)
        #expect(text.contains("seedctl_bench_requests_total{query=\"session_by_id\""))
        // The file is written after the last second: each latency histogram counts exactly the
        // query's successful requests of --json.
        for (name, query) in queries {
            let prefix = "seedctl_bench_request_duration_seconds_count{query=\"\(name)\","
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) }, "\(name)")
            #expect(
                line.split(separator: " ").last.flatMap { Int($0) } == query["requests"] as? Int, "\(line)")
        }
        #expect(!text.contains("password"))
        let check = try Promtool.run(["check", "metrics"], stdin: metricsFile)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test("/metrics answers in OpenMetrics when the scraper asks for it, in Prometheus text otherwise")
    func contentNegotiation() throws {
        let metrics = BenchMetrics(
            queries: try Catalog(contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
                .selecting([]),
            labels: .init(catalog: "catalog", target: "app", runID: "r1"))
        var interval = BenchInterval(queryCount: 2)
        _ = interval.queries[0].record(4_000)
        interval.queryErrors[1]["57014"] = 2
        metrics.observe(
            interval, names: ["session_by_id", "sessions_by_status"], clients: 3, connections: (2, 1))
        let server = try MetricsServer(listen: "127.0.0.1:0", metrics: metrics)
        defer { server.stop() }
        let url = "http://\(server.address)/metrics"

        let plain = try PrometheusServer.get(url)
        #expect(plain.status == 200)
        #expect(plain.contentType.hasPrefix("text/plain; version=0.0.4"))
        let text = String(decoding: plain.body, as: UTF8.self)
        #expect(text.contains("# TYPE seedctl_bench_requests_total counter"))
        #expect(
            text.contains("seedctl_bench_errors_total{query=\"sessions_by_status\"")
                && text.contains("sqlstate=\"57014\"} 2"))
        #expect(!text.contains("# EOF"))

        let open = try PrometheusServer.get(
            url,
            headers: ["Accept": "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"])
        #expect(open.contentType.hasPrefix("application/openmetrics-text; version=1.0.0"))
        let openText = String(decoding: open.body, as: UTF8.self)
        #expect(openText.contains("# TYPE seedctl_bench_requests counter\n"))
        #expect(openText.contains("seedctl_bench_requests_total{query=\"session_by_id\""))
        #expect(openText.hasSuffix("# EOF\n"))

        #expect(try PrometheusServer.get("http://\(server.address)/other").status == 404)
        #expect(throws: (any Error).self) { try MetricsServer(listen: server.address, metrics: metrics) }
        let database = try TestDatabase.migrated(.sqlite)
        let taken = try database.run(["bench", "--duration", "1s", "--metrics-listen", server.address])
        #expect(taken.status == 3)
        #expect(
            taken.stderr.contains("cannot listen there (address already in use); choose a free port"),
            "\(taken.stderr)")
    }

    @Test("alert-rules: promtool accepts them, and the p95 rule fires above 1.5 × budget, not below")
    func alertRules() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try CLI.run(["bench", "alert-rules", "--for", "5m"], in: Repository.root)
        #expect(rules.status == 0, "\(rules.stderr)")
        #expect(rules.stdout.contains("SeedctlQueryP95OverBudget"))
        let rulesFile = folder.appendingPathComponent("rules.yml")
        try Data(rules.stdout.utf8).write(to: rulesFile)
        let check = try Promtool.run(["check", "rules", rulesFile.path])
        #expect(check.status == 0, "\(check.output)")

        // The catalog's buckets, as bench serves them. session_by_id's budget is 5 ms; 100 requests
        // a minute, all in one bucket: (7.5, 10] ms → p95 above 7.5 ms; (6.25, 7.5] → just below.
        let catalog = try Catalog(contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
        let budgets = try catalog.selecting([]).filter { $0.weight > 0 }.map(\.maxMs)
        let bounds = BenchMetrics.buckets(budgetsMs: budgets).map { AlertRules.number($0) } + ["+Inf"]
        #expect(bounds.contains("0.0075") && bounds.contains("0.00625") && bounds.contains("0.01"))
        func series(target: String, firstBucketAbove: Double) -> [String] {
            bounds.flatMap { bound in
                let perMinute = (Double(bound) ?? .infinity) >= firstBucketAbove ? 100 : 0
                let labels =
                    "query=\"session_by_id\",catalog=\"catalog\",target=\"\(target)\",run_id=\"r\",le=\"\(bound)\""
                return [
                    "      - series: 'seedctl_bench_request_duration_seconds_bucket{\(labels)}'",
                    "        values: '0+\(perMinute)x30'",
                ]
            }
        }
        func ruleTest(expecting targets: [String]) -> String {
            let alerts = targets.map { target in
                "          - exp_labels: {alertname: SeedctlQueryP95OverBudget, severity: warning, budget_ms: '5', "
                    + "query: session_by_id, catalog: catalog, target: \(target)}\n"
                    + "            exp_annotations:\n"
                    + "              summary: 'session_by_id: p95 above 1.5 × its 5 ms budget'\n"
                    + "              description: 'p95 of session_by_id on \(target) is 9.875ms; the catalog catalog "
                    + "gives it 5 ms, and the alert fires above 7.5 ms.'"
            }
            let lines =
                [
                    "rule_files: ['\(rulesFile.path)']",
                    "evaluation_interval: 1m",
                    "tests:",
                    "  - interval: 1m",
                    "    input_series:",
                ]
                + series(target: "above", firstBucketAbove: 0.01)
                + series(target: "below", firstBucketAbove: 0.0075)
                + series(target: "far_below", firstBucketAbove: 0.005)
                + [
                    "    alert_rule_test:",
                    "      - eval_time: 20m",
                    "        alertname: SeedctlQueryP95OverBudget",
                    "        exp_alerts:",
                ] + alerts
            return lines.joined(separator: "\n") + "\n"
        }
        let testFile = folder.appendingPathComponent("rules_test.yml")
        try Data(ruleTest(expecting: ["above"]).utf8).write(to: testFile)
        let passing = try Promtool.run(["test", "rules", testFile.path])
        #expect(passing.status == 0, "\(passing.output)")
        // The same file expecting the alert below 1.5 × budget too must fail: the test can fail.
        try Data(ruleTest(expecting: ["above", "below"]).utf8).write(to: testFile)
        let wrong = try Promtool.run(["test", "rules", testFile.path])
        #expect(wrong.status != 0, "\(wrong.output)")
    }

    @Test("--threshold-budgets: each query's p95 against factor × its budget, exit 6 when one fails")
    func thresholdBudgets() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let base = [
            "bench", "--clients", "4", "--connections", "2", "--warmup", "0s", "--transactions", "300",
        ]
        let passing = try database.run(base + ["--threshold-budgets", "1000"])
        #expect(passing.status == 0, "\(passing.stderr)")
        #expect(passing.stdout.contains("session_by_id:p(95)<5000ms"))
        let failing = try database.run(base + ["--threshold-budgets", "0.0001"])
        #expect(failing.status == 6)
        #expect(failing.stdout.contains("session_by_id:p(95)<0.001ms") && failing.stdout.contains("✗"))
    }
}

/// Runs Debian's `promtool` (installed with prometheus by scripts/deps.sh).
enum Promtool {
    static func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin)) }
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
