import Foundation

/// What the verdict rules need from the catalogs: indexes, partitions, schemas and row counts.
extension Explainer {
    /// Counts the rows of tables the plan reads that are not counted yet (partitions, tables
    /// the migrations did not seed), once.
    func countRows(of plan: PlanNode, into facts: inout SchemaFacts) throws {
        for table in Set(plan.allNodes.compactMap(\.relation)) where facts.rowCount(table) == nil {
            guard facts.tables.contains(table) else { continue }
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let qualified = facts.schemas[table].map { "\"\($0)\"." + quoted } ?? quoted
            facts.rows[table] = Int(
                try connection.query("SELECT count(*) AS n FROM \(qualified)").first?["n"].int ?? 0)
        }
    }

    /// Index definitions, partition parents and table names, from the catalogs.
    func schemaFacts() throws -> SchemaFacts {
        var facts = SchemaFacts()
        switch connection.dialect {
        case .postgres:
            for row in try connection.query(
                """
                SELECT c.relname AS name, t.relname AS tab,
                       (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), E'\\x1f' ORDER BY k)
                        FROM generate_series(1, i.indnkeyatts) AS k) AS columns,
                       pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
                       (SELECT string_agg(p.relname, E'\\x1f' ORDER BY a.depth)
                        FROM (WITH RECURSIVE up(child, parent, depth) AS (
                                  SELECT h.inhrelid, h.inhparent, 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid
                                  UNION ALL
                                  SELECT h.inhrelid, h.inhparent, up.depth + 1 FROM pg_inherits h JOIN up ON h.inhrelid = up.parent)
                              SELECT parent, depth FROM up) AS a
                        JOIN pg_class p ON p.oid = a.parent) AS ancestors
                FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
                """)
            {
                guard let name = row["name"].string else { continue }
                facts.indexes[name] = SchemaFacts.Index(
                    table: row["tab"].string ?? "",
                    columns: (row["columns"].string ?? "").split(separator: "\u{1f}").map(String.init),
                    predicate: row["predicate"].string,
                    ancestors: (row["ancestors"].string ?? "").split(separator: "\u{1f}").map(String.init))
            }
            for row in try connection.query(
                """
                SELECT c.relname AS name, n.nspname AS schema, p.relname AS parent
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_inherits h ON h.inhrelid = c.oid
                LEFT JOIN pg_class p ON p.oid = h.inhparent
                WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg_toast%'
                """)
            {
                guard let name = row["name"].string else { continue }
                facts.tables.insert(name)
                facts.schemas[name] = row["schema"].string
                if let parent = row["parent"].string { facts.parents[name] = parent }
            }
        case .sqlite:
            for row in try connection.query(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index')")
            {
                guard let name = row["name"].string else { continue }
                if row["type"].string == "table" {
                    facts.tables.insert(name)
                    continue
                }
                let sql = row["sql"].string ?? ""
                let predicate = SQLitePlanAnalyzer.StatementShape.predicate(ofIndex: sql)
                facts.indexes[name] = SchemaFacts.Index(
                    table: row["tbl_name"].string ?? "", columns: [], predicate: predicate)
            }
        }
        return facts
    }
}
