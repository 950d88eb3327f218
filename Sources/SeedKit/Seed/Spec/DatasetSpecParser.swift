import Foundation
import Yams

/// Reads a `Seeds/dataset/<module>.yml` file from its composed YAML nodes, so every problem
/// keeps its line and column; collects every problem of the file in one pass.
struct DatasetSpecParser {
    let file: String
    var issues: [SpecIssue] = []

    init(file: String) {
        self.file = file
    }

    /// The spec in `yaml`; problems are added to `issues` (the spec then holds what was valid).
    mutating func parse(_ yaml: String) -> DatasetSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let (place, problem) = describe(error)
            issues.append(SpecIssue(place: place, message: "\(problem); fix the YAML syntax"))
            return DatasetSpec(file: file, tables: [])
        } catch {
            issues.append(SpecIssue(place: file, message: "not valid YAML; fix the syntax"))
            return DatasetSpec(file: file, tables: [])
        }
        guard let root, case .mapping(let top) = root else {
            issues.append(
                SpecIssue(
                    place: "\(file):1:1",
                    message: "expected a mapping with 'tables:'; see README \"Dataset specs\""))
            return DatasetSpec(file: file, tables: [])
        }
        var tables: [TableSpec] = []
        for (key, value) in top {
            guard key.string == "tables" else {
                issue(key, "unknown key '\(key.string ?? "?")'; the file has one key, 'tables:'")
                continue
            }
            guard case .mapping(let entries) = value else {
                issue(value, "'tables:' must map table names to their entries")
                continue
            }
            for (name, entry) in entries {
                if let table = parseTable(name: name, entry) { tables.append(table) }
            }
        }
        return DatasetSpec(file: file, tables: tables)
    }

    private mutating func parseTable(name: Node, _ entry: Node) -> TableSpec? {
        guard let tableName = name.string, !tableName.isEmpty else {
            issue(name, "a table name must be text")
            return nil
        }
        guard case .mapping(let fields) = entry else {
            issue(
                entry,
                "\(tableName): expected a mapping with 'columns:', and 'parent:' and 'rows:' for a new table")
            return nil
        }
        var parent: ParentSpec?
        var rows: RowsSpec?
        var columns: [ColumnRuleSpec] = []
        for (key, value) in fields {
            switch key.string {
            case "parent": parent = parseParent(tableName, value)
            case "rows": rows = parseRows(tableName, value)
            case "columns":
                if case .scalar(let empty) = value, empty.string.isEmpty || empty.string == "~" { continue }
                guard case .mapping(let rules) = value else {
                    issue(value, "\(tableName).columns: expected a mapping of column names to rules")
                    continue
                }
                for (column, rule) in rules {
                    guard let columnName = column.string else {
                        issue(column, "a column name must be text")
                        continue
                    }
                    if let parsed = parseRule(rule, "\(tableName).\(columnName)") {
                        columns.append(ColumnRuleSpec(column: columnName, mark: mark(column), rule: parsed))
                    }
                }
            default:
                issue(
                    key, "\(tableName): unknown key '\(key.string ?? "?")'; expected parent, rows or columns")
            }
        }
        return TableSpec(name: tableName, mark: mark(name), parent: parent, rows: rows, columns: columns)
    }

    private mutating func parseParent(_ table: String, _ node: Node) -> ParentSpec? {
        guard case .mapping(let fields) = node, let fk = fields["fk"]?.string, !fk.isEmpty else {
            issue(node, "\(table).parent: expected {fk: COLUMN}, the foreign key to the owning table")
            return nil
        }
        for (key, value) in fields where key.string != "fk" {
            if key.string == "fanout", value.string == "pareto" { continue }
            issue(
                key, "\(table).parent: unknown key '\(key.string ?? "?")'; expected fk (and fanout: pareto)")
        }
        return ParentSpec(column: fk, mark: mark(fields["fk"] ?? node))
    }

    private mutating func parseRows(_ table: String, _ node: Node) -> RowsSpec? {
        guard case .mapping(let fields) = node else {
            issue(node, "\(table).rows: expected {PROFILE: ROWS, …} and/or {per_parent: N}")
            return nil
        }
        var perProfile: [String: Int] = [:]
        var perParent: Double?
        for (key, value) in fields {
            let name = key.string ?? "?"
            if name == "per_parent" {
                guard let ratio = value.string.flatMap(Double.init), ratio >= 0, ratio <= 10_000 else {
                    issue(value, "\(table).rows.per_parent: expected a number from 0 to 10000")
                    continue
                }
                perParent = ratio
                continue
            }
            guard let rows = value.string.flatMap({ Int($0.replacingOccurrences(of: "_", with: "")) }),
                (0...Profile.maximumRows).contains(rows)
            else {
                issue(value, "\(table).rows.\(name): expected a row count from 0 to \(Profile.maximumRows)")
                continue
            }
            perProfile[name] = rows
        }
        return RowsSpec(perProfile: perProfile, perParent: perParent, mark: mark(node))
    }

    func mark(_ node: Node) -> SpecMark {
        SpecMark(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func issue(_ node: Node, _ message: String) {
        issues.append(SpecIssue(place: mark(node).description, message: message))
    }

    private func describe(_ error: YamlError) -> (place: String, problem: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ("\(file):\(mark.line):\(mark.column)", problem)
        case .duplicatedKeysInMapping(let keys, let context):
            return (
                "\(file):\(context.mark.line):\(context.mark.column)",
                "key \(keys.sorted().joined(separator: ", ")) appears twice in one mapping"
            )
        default:
            return (file, "not valid YAML")
        }
    }
}
