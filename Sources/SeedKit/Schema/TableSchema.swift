/// One migrated table: its columns, keys and CHECKs, read from the database's catalogs.
public struct TableSchema: Codable, Sendable {
    /// The table's logical name: `shared.design_jobs` on PostgreSQL (`public.` left out),
    /// the physical name on SQLite (`shared_design_jobs`).
    public let name: String
    public var columns: [ColumnSchema]
    public let primaryKey: [String]
    /// Unique constraints and unique indexes (without a predicate or expression), the
    /// primary key excluded.
    public let unique: [[String]]
    public var foreignKeys: [ForeignKey]
    public let checks: [Check]

    /// `columns` → `table(referencedColumns)`.
    public struct ForeignKey: Codable, Sendable, Equatable {
        public let columns: [String]
        public let table: String
        public let referencedColumns: [String]
    }

    /// A CHECK constraint: its name (when it has one) and its expression as written.
    public struct Check: Codable, Sendable, Equatable {
        public let name: String?
        public let expression: String
    }

    /// The column named `name`.
    public func column(_ name: String) -> ColumnSchema? {
        columns.first { $0.name == name }
    }
}

/// Every user table of a migrated database, by name (seedctl's own bookkeeping tables left out).
public struct DatabaseSchema: Codable, Sendable {
    public let dialect: Dialect
    /// Parents before children (by foreign key), otherwise in the order read.
    public let tables: [TableSchema]

    init(dialect: Dialect, tables: [TableSchema]) {
        self.dialect = dialect
        var ordered: [TableSchema] = []
        var placed: Set<String> = []
        var pending = tables
        while !pending.isEmpty {
            // A cycle (or a self-reference) must not stall the order: take the first table left.
            let next =
                pending.firstIndex { table in
                    table.foreignKeys.allSatisfy { placed.contains($0.table) || $0.table == table.name }
                } ?? 0
            let table = pending.remove(at: next)
            ordered.append(table)
            placed.insert(table.name)
        }
        self.tables = ordered
    }

    /// The table named `name` (a logical name: `shared.design_jobs` also finds
    /// `shared_design_jobs` on SQLite).
    public func table(_ name: String) -> TableSchema? {
        tables.first { $0.name == name || $0.name == dialect.tableName(name) }
    }
}
