/// An index `explain --suggest` proposes for a failing query, proven on a hypothetical plan.
public struct IndexSuggestion: Sendable, Codable, Equatable {
    /// `CREATE INDEX name ON table (columns);`, ready for a migration file.
    public let statement: String
    public let index: String
    public let table: String
    public let columns: [String]
    /// The plan with the index in place (hypopg on PostgreSQL, a rolled-back build on SQLite),
    /// rendered as `--show-plan` does, and its verdict message.
    public let plan: String
    public let message: String
    /// The plan passes only once the query's `-- expect: index …` line names this index too.
    public let needsExpectation: Bool
}
