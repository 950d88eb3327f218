/// The outcome of `seedctl explain`.
public struct ExplainReport: Sendable, Codable {
    /// One catalog query's verdict and timings.
    public struct Query: Sendable, Codable {
        public let name: String
        public let verdict: PlanVerdict.Kind
        /// The index that served it, if one did.
        public let index: String?
        /// Why, in one line.
        public let message: String
        /// Node types of the plan, depth first.
        public let nodeTypes: [String]
        public let p50Ms: Double
        public let p95Ms: Double
        public let maxMs: Double
        public let budgetMs: Double
        /// The plan as an indented tree (of the draw that gave the verdict).
        public let plan: String
        /// How many parameter draws had their plan judged (every `one of` value, and several
        /// draws of sampled parameters); the verdict is the worst of them.
        public var planDraws = 1
        /// `--suggest`: the index that would make a failing query pass, proven on a hypothetical plan.
        public var suggestion: IndexSuggestion?
        /// Timed executions made (fewer than asked when the budget verdict was certain early).
        public var timedRuns = 0

        /// Over budget at p95.
        public var overBudget: Bool { p95Ms > budgetMs }

        /// Whether it fails the run (`small table` only with `strict`).
        public func fails(strict: Bool) -> Bool {
            overBudget || verdict == .fail || verdict == .error || (strict && verdict == .smallTable)
        }
    }

    /// `PostgreSQL 15.18` or `SQLite 3.40.1`.
    public let server: String
    /// Planner settings that matter (PostgreSQL: random_page_cost, work_mem, …).
    public let settings: [String: String]
    public let queries: [Query]
    /// `--suggest` could not prove indexes here, and why (PostgreSQL without hypopg).
    public var suggestionsUnavailable: String?

    /// Whether no query fails.
    public func passed(strict: Bool) -> Bool { !queries.contains { $0.fails(strict: strict) } }
}
