import Foundation

/// `bench --history`: a table of runs in a SQLite file or any database seedctl can reach, which
/// each run appends to and `bench history` and `bench trend` read. Two tables, created when
/// missing: `seedctl_bench_runs` (one row a run) and `seedctl_bench_queries` (one row per query
/// of a run, with its encoded histogram).
public struct BenchHistory {
    public let url: DatabaseURL

    /// The history at `location`: a database URL (`postgres://…`, `sqlite:…`, libpq conninfo),
    /// else the path of a SQLite file.
    public init(location: String) throws {
        let looksLikeURL =
            ["postgres://", "postgresql://", "sqlite:"].contains { location.hasPrefix($0) }
            || location.contains("dbname=") || location.contains("host=")
        url = try DatabaseURL(looksLikeURL ? location : "sqlite:\(location)")
    }

    private static let schema = """
        CREATE TABLE IF NOT EXISTS seedctl_bench_runs (
            id TEXT PRIMARY KEY,
            run_at TEXT NOT NULL,
            label TEXT,
            git_commit TEXT,
            server TEXT NOT NULL,
            target TEXT NOT NULL,
            settings TEXT NOT NULL,
            seconds DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE IF NOT EXISTS seedctl_bench_queries (
            run_id TEXT NOT NULL REFERENCES seedctl_bench_runs (id) ON DELETE CASCADE,
            query TEXT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            tps DOUBLE PRECISION NOT NULL,
            p50_ms DOUBLE PRECISION NOT NULL,
            p95_ms DOUBLE PRECISION NOT NULL,
            p99_ms DOUBLE PRECISION NOT NULL,
            max_ms DOUBLE PRECISION NOT NULL,
            histogram TEXT,
            PRIMARY KEY (run_id, query)
        );
        """

    /// Appends `result`, made at `date` from `commit` (or called `label`); returns the run's id.
    @discardableResult
    public func append(_ result: BenchResult, label: String?, commit: String?, at date: Date = Date()) throws
        -> String
    {
        let connection = try url.connect()
        try connection.execute(script: Self.schema)
        let id = UUID().uuidString.lowercased()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let settings = String(decoding: try encoder.encode(result.settings), as: UTF8.self)
        try connection.transaction {
            try connection.query(
                """
                INSERT INTO seedctl_bench_runs (id, run_at, label, git_commit, server, target, settings, seconds)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    .text(id), .text(Self.timestamp(date)), label.map(SQLValue.text) ?? .null,
                    commit.map(SQLValue.text) ?? .null, .text(result.server), .text(result.settings.target),
                    .text(settings), .real(result.seconds),
                ])
            for (name, latency) in [("", result.overall)] + result.queries.sorted(by: { $0.key < $1.key }) {
                try connection.query(
                    """
                    INSERT INTO seedctl_bench_queries
                        (run_id, query, requests, errors, tps, p50_ms, p95_ms, p99_ms, max_ms, histogram)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """,
                    [
                        .text(id), .text(name), .integer(Int64(latency.requests)),
                        .integer(Int64(latency.errors)),
                        .real(latency.tps), .real(latency.p50Ms), .real(latency.p95Ms), .real(latency.p99Ms),
                        .real(latency.maxMs), latency.histogram.map(SQLValue.text) ?? .null,
                    ])
            }
        }
        return id
    }

    /// Every run kept, oldest first.
    ///
    /// - Throws: `NotReadyError` when the history holds no run table yet.
    public func runs() throws -> [BenchHistoryRun] {
        let empty = NotReadyError(
            "\(url) holds no bench history yet; run 'seedctl bench --history \(url)' first")
        if case .sqlite(let path) = url.backend, !FileManager.default.fileExists(atPath: path) { throw empty }
        let connection = try url.connect(create: false)
        guard try connection.tableExists("seedctl_bench_runs") else { throw empty }
        var figures: [String: [String: BenchHistoryRun.Figures]] = [:]
        try connection.forEachRow("SELECT * FROM seedctl_bench_queries") { row in
            guard let run = row["run_id"].string, let query = row["query"].string else { return }
            figures[run, default: [:]][query] = .init(row: row)
        }
        let decoder = JSONDecoder()
        return try connection.query("SELECT * FROM seedctl_bench_runs ORDER BY run_at, id").map { row in
            let id = row["id"].string ?? ""
            var queries = figures[id] ?? [:]
            let overall = queries.removeValue(forKey: "")
            return BenchHistoryRun(
                id: id, at: row["run_at"].string ?? "", label: row["label"].string,
                commit: row["git_commit"].string, server: row["server"].string ?? "",
                target: row["target"].string ?? "",
                settings: try decoder.decode(
                    BenchSettings.self, from: Data((row["settings"].string ?? "{}").utf8)),
                seconds: row["seconds"].double ?? 0,
                overall: overall ?? .init(row: Row(columns: [], values: [])), queries: queries)
        }
    }

    /// `2026-11-30T14:05:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
