/// A place in a spec file, for messages: `FILE:LINE:COLUMN`.
struct SpecMark: Sendable, Equatable, CustomStringConvertible {
    let file: String
    let line: Int
    let column: Int

    var description: String { "\(file):\(line):\(column)" }
}

/// What `Seeds/dataset/<module>.yml` says: for tables the built-in generators do not cover (or
/// columns a migration added to them), the rules, the owning foreign key and the row counts.
/// Parsed once, before any database is opened; every part keeps its mark.
struct DatasetSpec: Sendable {
    /// The file's path, as messages show it.
    let file: String
    let tables: [TableSpec]
}

/// One table of a spec: a seeded table's added columns, or a table seedctl does not know.
struct TableSpec: Sendable {
    let name: String
    let mark: SpecMark
    /// The owning foreign key column (new tables only).
    let parent: ParentSpec?
    /// Rows per profile name, and per parent for the profiles not named (new tables only).
    let rows: RowsSpec?
    let columns: [ColumnRuleSpec]
}

/// `parent: {fk: session_id}`: each row belongs to one parent row, children spread over the
/// parents with today's skew (`FanOut`).
struct ParentSpec: Sendable {
    let column: String
    let mark: SpecMark
}

/// `rows: {fixture: 40, default: 4000, per_parent: 2}`.
struct RowsSpec: Sendable {
    let perProfile: [String: Int]
    let perParent: Double?
    let mark: SpecMark

    /// Rows for `profile` (its count times `--scale`, or `per_parent` times the parent table's
    /// rows); nil when the spec gives none.
    func count(profile: String, parents: Int, scale: Double = 1) -> Int? {
        if let rows = perProfile[profile] {
            guard rows > 0, scale != 1 else { return rows }
            return Int(min(Double(Profile.maximumRows) + 1, max(1, Double(rows) * scale).rounded()))
        }
        return perParent.map { Int((Double(parents) * $0).rounded()) }
    }
}

/// One column's rule, as written.
struct ColumnRuleSpec: Sendable {
    let column: String
    let mark: SpecMark
    let rule: SpecRule
}

/// The rules a spec can give a column. Scalars are kept as written text and typed against the
/// column when the spec is bound to the migrated schema.
indirect enum SpecRule: Sendable {
    /// `value: X` or a bare scalar.
    case constant(String)
    /// `pick: [a, b]`: uniform.
    case pick([String])
    /// `weighted: {a: 3, b: 1}`: in proportion to the weights.
    case weighted([(value: String, weight: Int)])
    /// `int: 1..100`, both ends included.
    case integer(ClosedRange<Int>)
    /// `time: -30d..0d` (relative to `--as-of`) or `time: 2025-01-01..2025-06-30`.
    case time(TimeBound, TimeBound)
    /// `after: created_at` or `after: parent.created_at`, `within: 3d` (at least one second later).
    case after(TimeReference, within: Int64)
    /// `template: "{system} for {domain} #{row}"`.
    case template(SpecTemplate)
    /// `json: {key: rule or constant, …}`: an object with these keys, in this order.
    case json([(key: String, rule: SpecRule)])
}

/// One end of a `time:` range.
enum TimeBound: Sendable, Equatable {
    /// Microseconds relative to the anchor (`--as-of`).
    case relative(Int64)
    case absolute(Timestamp)

    func resolve(anchor: Timestamp) -> Timestamp {
        switch self {
        case .relative(let offset): anchor.adding(offset)
        case .absolute(let time): time
        }
    }
}

/// The time column an `after:` rule follows.
enum TimeReference: Sendable, Equatable {
    case column(String)
    case parent(String)
}
