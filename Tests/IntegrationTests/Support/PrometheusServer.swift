import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Prometheus server (Debian's `prometheus`, installed by scripts/deps.sh) on a free
/// loopback port, scraping `targets` every second; stopped and its data removed when the value
/// goes away.
final class PrometheusServer {
    let port: Int
    private let process = Process()
    private let directory: URL

    init(scraping targets: [String]) throws {
        directory = try CLI.temporaryDirectory()
        port = try PgBouncer.freePort()
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: seedctl_bench
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]
            """
        let configFile = directory.appendingPathComponent("prometheus.yml")
        try Data(config.utf8).write(to: configFile)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        process.arguments = [
            "--config.file=\(configFile.path)",
            "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        let log = directory.appendingPathComponent("prometheus.log")
        try Data().write(to: log)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        for _ in 0..<200 {
            if (try? Self.get("http://127.0.0.1:\(port)/-/ready").status) == 200 { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("prometheus did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        throw CancellationError()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The result of an instant PromQL query through `/api/v1/query`: each series' labels and value.
    func query(_ promql: String) throws -> [(labels: [String: String], value: Double)] {
        var components = try #require(URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query"))
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        let response = try Self.get(try #require(components.url).absoluteString)
        let body = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        try #require(body["status"] as? String == "success", "\(body)")
        let data = try #require(body["data"] as? [String: Any])
        let results = try #require(data["result"] as? [[String: Any]])
        return try results.map { series in
            let labels = try #require(series["metric"] as? [String: String])
            let sample = try #require(series["value"] as? [Any])
            let text = try #require(sample.last as? String)
            return (labels, try #require(Double(text)))
        }
    }

    /// GET `url`: status and body.
    static func get(_ url: String, headers: [String: String] = [:]) throws -> (
        status: Int, body: Data, contentType: String
    ) {
        var request = URLRequest(url: try #require(URL(string: url)), timeoutInterval: 5)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        nonisolated(unsafe) var outcome: (Int, Data, String)?
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            let http = response as? HTTPURLResponse
            outcome = (
                http?.statusCode ?? 0, data ?? Data(), http?.value(forHTTPHeaderField: "Content-Type") ?? ""
            )
            done.signal()
        }.resume()
        done.wait()
        let (status, body, contentType) = try #require(outcome)
        return (status, body, contentType)
    }
}
