/// What the verdict rules need to know about the schema beyond the plan: row counts, index
/// definitions (PostgreSQL `pg_index`, SQLite `sqlite_master`) and partition parents.
struct SchemaFacts: Sendable, Equatable {
    /// One index.
    struct Index: Sendable, Equatable {
        /// The table it indexes (a partition's own name for a partition's index).
        var table: String
        /// Its key columns or expressions, in order (`session_id`, `lower(title)`).
        var columns: [String]
        /// The WHERE of a partial index.
        var predicate: String?
        /// The partitioned index it is a partition of (PostgreSQL), and that one's parent, …
        var ancestors: [String]

        init(table: String, columns: [String], predicate: String? = nil, ancestors: [String] = []) {
            self.table = table
            self.columns = columns
            self.predicate = predicate
            self.ancestors = ancestors
        }
    }

    /// Row counts by table name as plans spell it (PostgreSQL: unqualified; SQLite: physical).
    var rows: [String: Int]
    /// Index definitions by index name.
    var indexes: [String: Index]
    /// Partition → partitioned table (PostgreSQL).
    var parents: [String: String]
    /// Every stored table by name, and its schema (PostgreSQL), for counting rows on demand.
    var tables: Set<String> = []
    var schemas: [String: String] = [:]

    init(rows: [String: Int] = [:], indexes: [String: Index] = [:], parents: [String: String] = [:]) {
        self.rows = rows
        self.indexes = indexes
        self.parents = parents
    }

    /// The row count of `table`, matched case-insensitively.
    func rowCount(_ table: String?) -> Int? {
        guard let table else { return nil }
        return rows[table] ?? rows.first { $0.key.lowercased() == table.lowercased() }?.value
    }

    /// `table` and the partitioned tables above it.
    func lineage(of table: String) -> [String] {
        var names = [table]
        while let parent = parents[names[names.count - 1]], !names.contains(parent) { names.append(parent) }
        return names
    }

    /// `index` and the partitioned indexes above it.
    func indexLineage(of index: String) -> [String] {
        [index] + (indexes[index]?.ancestors ?? [])
    }
}
