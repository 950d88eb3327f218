/// The dataset as the migrated schema and the specs shape it: for each built-in table, the
/// columns a migration added and how each is filled; the new tables the specs seed.
struct DatasetLayout: Sendable {
    /// Added columns, by built-in table name (only tables that have some).
    let extras: [String: TableExtras]
    /// New tables, parents first.
    let newTables: [SpecTable]

    /// A layout that changes nothing: today's tables and columns.
    static let builtIn = DatasetLayout(extras: [:], newTables: [])
}

/// A built-in table's added columns: written after the generator's, in `columns` order.
struct TableExtras: Sendable {
    /// The table with the added columns appended, for the writers.
    let table: SeededTable
    let columns: [CompiledColumn]
    /// The generator's column count (the added columns' slots come after).
    let builtInCount: Int
}

/// A table a spec seeds: a child of design jobs or of sessions, its rows spread over the
/// parents by a fan-out of its own.
struct SpecTable: Sendable {
    enum Parent: Sendable { case jobs, sessions }

    let table: SeededTable
    let parent: Parent
    /// Rows of the whole dataset (before a unique per-parent domain caps a parent's rows).
    let rows: Int
    let columns: [CompiledColumn]
    /// The most rows a parent can have: the size of a `UNIQUE (fk, column)` domain.
    let perParentCap: Int?
    /// The spec file, for messages.
    let file: String
}
