import Foundation

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
    /// Tables the plan may read in full (`-- full scan: TABLE[, TABLE…]`), whatever their size.
    public var fullScanTables: [String] = []
    /// Where each line of `sql` and `sqliteSQL` is in the file, to report an error position.
    var sqlSource = SourceMap()
    var sqliteSource = SourceMap()

    /// File lines of a block's SQL text: text line `k` (0-based) is file line `lines[k]`, and
    /// the first text line starts at file column `firstColumn`.
    struct SourceMap: Sendable, Equatable {
        var lines: [Int] = []
        var firstColumn = 1

        /// The file line and column of a 1-based line and column in the text.
        func location(_ location: SourceLocation) -> SourceLocation {
            guard location.line >= 1, location.line <= lines.count else { return location }
            return SourceLocation(
                line: lines[location.line - 1],
                column: location.column + (location.line == 1 ? firstColumn - 1 : 0))
        }
    }

    public static func == (lhs: CatalogQuery, rhs: CatalogQuery) -> Bool {
        lhs.name == rhs.name && lhs.sql == rhs.sql && lhs.sqliteSQL == rhs.sqliteSQL && lhs.maxMs == rhs.maxMs
            && lhs.expectation == rhs.expectation && lhs.weight == rhs.weight && lhs.isWrite == rhs.isWrite
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.source) == rhs.parameters.map(\.source)
            && lhs.fullScanTables == rhs.fullScanTables
    }

    /// The query's SQL for `dialect`, tagged with its name, with `$1…` placeholders in the
    /// order of `order`; `IN (:batch)` becomes `= ANY($n)` (PostgreSQL) or
    /// `IN (SELECT value FROM json_each($n))` (SQLite), and SQLite gets its table names.
    public func compiled(for dialect: Dialect) -> (sql: String, order: [String]) {
        let result = tracked(for: dialect)
        return (result.text.text, result.order)
    }

    /// Where a zero-based UTF-8 offset into `compiled(for: dialect).sql` is in the catalog file.
    public func sourceLocation(ofCompiledOffset offset: Int, dialect: Dialect) -> SourceLocation {
        let result = tracked(for: dialect)
        let source = dialect == .sqlite ? (sqliteSQL ?? sql) : sql
        let map = dialect == .sqlite && sqliteSQL != nil ? sqliteSource : sqlSource
        let inSource = result.text.originalOffset(of: offset)
        return map.location(SourceLocation(utf8Offset: inSource, in: source))
    }

    private func tracked(for dialect: Dialect) -> (text: TrackedText, order: [String]) {
        var text = TrackedText(dialect == .sqlite ? (sqliteSQL ?? sql) : sql)
        if dialect == .sqlite {
            for table in SeedSchema.tables where table.name.contains(".") {
                text.replace(literal: table.name, with: dialect.tableName(table.name))
            }
        }
        var order: [String] = []
        for (name, source) in parameters {
            guard case .batch = source else { continue }
            let number = order.count + 1
            let replacement =
                dialect == .postgres ? "= ANY($\(number))" : "IN (SELECT value FROM json_each($\(number)))"
            if text.replace(literal: "IN (:\(name))", with: replacement) { order.append(name) }
        }
        for name in CatalogSQL.placeholders(in: text.text) where !order.contains(name) {
            order.append(name)
            text.replace(pattern: #"(?<![:\w]):"# + name + #"(?!\w)"#, with: "$\(order.count)")
        }
        text.prepend("/* seedctl:\(name) */ ")
        return (text, order)
    }
}

/// A text being rewritten that remembers its edits, to map an offset in the result back to the
/// original (UTF-8 offsets).
struct TrackedText {
    private(set) var text: String
    /// Each edit: where it starts in the text after it, its new length and the old one.
    private var edits: [(start: Int, newLength: Int, oldLength: Int)] = []

    init(_ text: String) { self.text = text }

    mutating func prepend(_ prefix: String) {
        text = prefix + text
        edits.append((0, prefix.utf8.count, 0))
    }

    /// Replaces every occurrence of `literal`; whether there was one.
    @discardableResult
    mutating func replace(literal: String, with replacement: String) -> Bool {
        replace(pattern: NSRegularExpression.escapedPattern(for: literal), with: replacement)
    }

    /// Replaces every match of the regular expression `pattern`; whether there was one.
    @discardableResult
    mutating func replace(pattern: String, with replacement: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty else { return false }
        var result = ""
        var cursor = text.startIndex
        for match in matches {
            guard let range = Range(match.range, in: text) else { continue }
            result += text[cursor..<range.lowerBound]
            let start = result.utf8.count
            result += replacement
            edits.append((start, replacement.utf8.count, text[range].utf8.count))
            cursor = range.upperBound
        }
        result += text[cursor...]
        text = result
        return true
    }

    /// The offset in the original text of `offset` in this one (inside a replacement: its start).
    func originalOffset(of offset: Int) -> Int {
        var offset = offset
        for edit in edits.reversed() {
            if offset >= edit.start + edit.newLength {
                offset += edit.oldLength - edit.newLength
            } else if offset >= edit.start {
                offset = edit.start
            }
        }
        return max(0, offset)
    }
}
