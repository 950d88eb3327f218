import Foundation

/// One bench run as `--history` keeps it: when, what code (git commit or `--label`), the server
/// and settings, and per query (and overall, keyed `""`) the figures and encoded histogram.
public struct BenchHistoryRun: Sendable, Codable, Equatable {
    /// The figures of one query (or of the whole run) in one run.
    public struct Figures: Sendable, Codable, Equatable {
        public let requests: Int
        public let errors: Int
        public let tps: Double
        public let p50Ms: Double
        public let p95Ms: Double
        public let p99Ms: Double
        public let maxMs: Double
        /// HdrHistogram V2 compressed, base64 (`HdrHistogramEncoding`).
        public let histogram: String?

        init(_ latency: BenchResult.Latency) {
            requests = latency.requests
            errors = latency.errors
            tps = latency.tps
            p50Ms = latency.p50Ms
            p95Ms = latency.p95Ms
            p99Ms = latency.p99Ms
            maxMs = latency.maxMs
            histogram = latency.histogram
        }

        init(row: Row) {
            requests = Int(row["requests"].int ?? 0)
            errors = Int(row["errors"].int ?? 0)
            tps = row["tps"].double ?? 0
            p50Ms = row["p50_ms"].double ?? 0
            p95Ms = row["p95_ms"].double ?? 0
            p99Ms = row["p99_ms"].double ?? 0
            maxMs = row["max_ms"].double ?? 0
            histogram = row["histogram"].string
        }

        /// Failed requests as a fraction of all requests; nil when there were none.
        public var errorRate: Double? {
            requests + errors == 0 ? nil : Double(errors) / Double(requests + errors)
        }
    }

    public let id: String
    /// ISO 8601, UTC, with milliseconds: sorts as text.
    public let at: String
    /// `--label`, when given.
    public let label: String?
    /// The git commit the run was made from, when it was made in a git work tree.
    public let commit: String?
    public let server: String
    /// The database, password masked.
    public let target: String
    public let settings: BenchSettings
    public let seconds: Double
    public let overall: Figures
    public let queries: [String: Figures]

    /// The figures of query `name`, or of the whole run when `name` is nil.
    public func figures(of name: String?) -> Figures? {
        guard let name else { return overall }
        return queries[name]
    }

    /// What the run is called in lists and charts: the label, else the short commit, else its time.
    public var name: String {
        label ?? commit.map { String($0.prefix(10)) } ?? String(at.prefix(19))
    }
}
