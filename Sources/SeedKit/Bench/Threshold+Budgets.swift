/// Thresholds read from the catalog's budgets (`--threshold-budgets`).
extension Threshold {
    /// One rule per query that runs (weight above 0): its p95 below `factor` × its `max_ms`,
    /// written like a `--threshold`, e.g. `session_by_id:p(95)<7.5ms` for a 5 ms budget and 1.5.
    public static func budgets(of queries: [CatalogQuery], factor: Double) throws -> [Threshold] {
        try queries.filter { $0.weight > 0 }.map { query in
            try Threshold(parsing: "\(query.name):p(95)<\(format(query.maxMs * factor))ms")
        }
    }
}
