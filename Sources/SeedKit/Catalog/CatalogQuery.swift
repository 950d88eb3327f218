/// One query of the catalog: what it is called, what plan it expects, its budget, and how to
/// draw its parameters from the seeded data.
public struct CatalogQuery: Sendable, Equatable {
    /// How a parameter's values are drawn.
    public enum Parameter: Sendable, Equatable {
        /// One value sampled from a column of the seeded data.
        case sample(table: String, column: String)
        /// One of a fixed list.
        case oneOf([String])
        /// `count` values sampled from a column, for `IN (:name)`.
        case batch(count: Int, table: String, column: String)
        /// A fresh lowercase version-4-shaped UUID per draw, for the id of a row a write inserts.
        case newUUID
    }

    /// The block's `-- name:`, unique in its catalog.
    public let name: String
    /// What the plan must look like (`-- expect:`).
    let expectation: PlanExpectation
    /// Latency budget in milliseconds.
    public let maxMs: Double
    /// Share of a bench workload.
    public let weight: Double
    /// The block changes data (`-- write`): explain and bench run it in a transaction that is
    /// rolled back.
    public let isWrite: Bool
    /// Parameters by name, in declaration order.
    public let parameters: [(name: String, source: Parameter)]
    /// The SQL with `:name` placeholders, for PostgreSQL and, when it differs, SQLite.
    public let sql: String
    public let sqliteSQL: String?
    /// Where the block starts, for messages.
    public let file: String
    public let line: Int

    public static func == (lhs: CatalogQuery, rhs: CatalogQuery) -> Bool {
        lhs.name == rhs.name && lhs.sql == rhs.sql && lhs.sqliteSQL == rhs.sqliteSQL && lhs.maxMs == rhs.maxMs
            && lhs.expectation == rhs.expectation && lhs.weight == rhs.weight && lhs.isWrite == rhs.isWrite
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.source) == rhs.parameters.map(\.source)
    }

    /// The query's SQL for `dialect`, tagged with its name, with `$1…` placeholders in the
    /// order of `order`; `IN (:batch)` becomes `= ANY($n)` (PostgreSQL) or
    /// `IN (SELECT value FROM json_each($n))` (SQLite), and SQLite gets its table names.
    public func compiled(for dialect: Dialect) -> (sql: String, order: [String]) {
        var text = dialect == .sqlite ? (sqliteSQL ?? sql) : sql
        if dialect == .sqlite {
            for table in SeedSchema.tables where table.name.contains(".") {
                text = text.replacingOccurrences(of: table.name, with: dialect.tableName(table.name))
            }
        }
        var order: [String] = []
        for (name, source) in parameters {
            guard case .batch = source else { continue }
            let number = order.count + 1
            let replacement =
                dialect == .postgres ? "= ANY($\(number))" : "IN (SELECT value FROM json_each($\(number)))"
            let before = text
            text = text.replacingOccurrences(of: "IN (:\(name))", with: replacement)
            if text != before { order.append(name) }
        }
        for name in CatalogSQL.placeholders(in: text) where !order.contains(name) {
            order.append(name)
            text = CatalogSQL.replacePlaceholder(name, with: "$\(order.count)", in: text)
        }
        return ("/* seedctl:\(name) */ " + text, order)
    }
}
