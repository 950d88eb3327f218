import Foundation

/// Where a module's PostgreSQL and SQLite migrations disagree: a table or a column one dialect
/// has and the other lacks, a column's logical type, or its NOT NULL. Tables are matched by
/// their SQLite names (`shared.design_jobs` is `shared_design_jobs`).
public struct SchemaComparison: Sendable {
    /// One line per difference, naming the table and column, in table order.
    public let differences: [String]

    public init(postgres: DatabaseSchema, sqlite: DatabaseSchema, modules: [String: String] = [:]) {
        var differences: [String] = []
        let sqliteTables = Dictionary(
            sqlite.tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var matched: Set<String> = []
        for table in postgres.tables {
            let twin = Dialect.sqlite.tableName(table.name)
            let module = modules[table.name].map { " (module \($0))" } ?? ""
            guard let other = sqliteTables[twin] else {
                differences.append(
                    "table \(table.name)\(module): in the PostgreSQL migrations only (no SQLite \(twin))")
                continue
            }
            matched.insert(twin)
            for column in table.columns {
                let place = "\(table.name).\(column.name)\(module)"
                guard let otherColumn = other.column(column.name) else {
                    differences.append("\(place): in the PostgreSQL migrations only")
                    continue
                }
                if !column.type.matches(otherColumn.type) {
                    differences.append(
                        "\(place): \(column.type.rawValue) (\(column.declaredType)) on PostgreSQL, "
                            + "\(otherColumn.type.rawValue) (\(otherColumn.declaredType)) on SQLite")
                }
                if column.nullable != otherColumn.nullable {
                    let nullable = { (yes: Bool) in yes ? "nullable" : "NOT NULL" }
                    differences.append(
                        "\(place): \(nullable(column.nullable)) on PostgreSQL, "
                            + "\(nullable(otherColumn.nullable)) on SQLite")
                }
            }
            for column in other.columns where table.column(column.name) == nil {
                differences.append("\(table.name).\(column.name)\(module): in the SQLite migrations only")
            }
        }
        for table in sqlite.tables where !matched.contains(table.name) {
            let module = modules[table.name].map { " (module \($0))" } ?? ""
            differences.append("table \(table.name)\(module): in the SQLite migrations only")
        }
        self.differences = differences
    }

    /// The schema `source`'s SQLite migrations build, applied to a scratch database file that is
    /// deleted afterwards.
    public static func sqliteSchema(of source: MigrationSource) throws -> DatabaseSchema {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedctl-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try SQLiteConnection(path: folder.appendingPathComponent("twin.db").path)
        _ = try Migrator(source: source, connection: connection).migrate()
        return try SchemaReader.read(connection)
    }

    /// The module whose migrations (of `dialect`) create each table: the first migration that
    /// says `CREATE TABLE [IF NOT EXISTS] name`.
    public static func modules(of source: MigrationSource, dialect: Dialect) throws -> [String: String] {
        var modules: [String: String] = [:]
        for migration in try source.plan(for: dialect) {
            let text = migration.up.text
            for match in text.matches(of: Self.createTable) {
                let name = String(match.1).replacingOccurrences(of: "\"", with: "")
                let logical = name.hasPrefix("public.") ? String(name.dropFirst(7)) : name
                if modules[logical] == nil { modules[logical] = migration.module }
            }
        }
        return modules
    }

    nonisolated(unsafe) private static let createTable =
        #/(?i)CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("?[\w]+"?(?:\."?[\w]+"?)?)/#
}
