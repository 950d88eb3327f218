/// Timing a query against its budget.
extension Explainer {
    /// Times plain executions: `warmup` untimed, then up to `runs` timed ones. Timing stops
    /// early once the p95 is certain to be over budget: when more runs are over it than the
    /// 5 % that p95 may ignore (2 of 20).
    func time(_ query: CatalogQuery, sql: String, order: [String], sampler: ParameterSampler) throws
        -> [Double]
    {
        var timings: [Double] = []
        let p95Position = max(0, Int((0.95 * Double(options.runs)).rounded(.up)) - 1)
        let overBudgetToStop = options.runs - p95Position
        var overBudget = 0
        for draw in 0..<(options.warmup + options.runs) {
            let drawn = try sampler.values(for: query, order: order, draw: draw)
            let elapsed = try isolated(query) {
                let start = ContinuousClock.now
                try connection.query(sql, drawn)
                return ContinuousClock.now - start
            }
            guard draw >= options.warmup else { continue }
            timings.append(elapsed.milliseconds)
            if elapsed.milliseconds > query.maxMs { overBudget += 1 }
            if overBudget >= overBudgetToStop { break }
        }
        return timings
    }
}
