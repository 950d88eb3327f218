import Foundation
import Yams

/// Reads a `Seeds/dataset/<module>.yml` file from its composed YAML nodes, so every problem
/// keeps its line and column; collects every problem of the file in one pass.
struct DatasetSpecParser {
    let file: String
    private(set) var issues: [SpecIssue] = []

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

    /// The rules: a scalar (a constant) or a one-key mapping.
    private mutating func parseRule(_ node: Node, _ place: String) -> SpecRule? {
        switch node {
        case .scalar(let scalar): return .constant(scalar.string)
        case .mapping(let fields):
            let keys = fields.map { $0.key.string ?? "?" }
            guard let kind = keys.first(where: { Self.ruleNames.contains($0) }), let value = fields[kind]
            else {
                issue(node, "\(place): expected one of \(Self.ruleNames.joined(separator: ", "))")
                return nil
            }
            let allowed: Set<String> = kind == "after" ? ["after", "within"] : [kind]
            for key in keys where !allowed.contains(key) {
                issue(node, "\(place): '\(key)' does not go with '\(kind)'")
            }
            return parseRule(kind: kind, value, fields: fields, place)
        default:
            issue(node, "\(place): expected a value or a rule such as {pick: [a, b]}")
            return nil
        }
    }

    static let ruleNames = ["value", "pick", "weighted", "int", "time", "after", "template", "json"]

    private mutating func parseRule(kind: String, _ value: Node, fields: Node.Mapping, _ place: String)
        -> SpecRule?
    {
        switch kind {
        case "value":
            guard let text = value.string else { break }
            return .constant(text)
        case "pick":
            guard case .sequence(let items) = value, !items.isEmpty else { break }
            let values = items.compactMap(\.string)
            guard values.count == items.count else { break }
            return .pick(values)
        case "weighted":
            guard case .mapping(let items) = value, !items.isEmpty else { break }
            var weights: [(String, Int)] = []
            for (item, weight) in items {
                guard let name = item.string, let count = weight.string.flatMap(Int.init), count > 0,
                    count <= 1_000_000
                else {
                    issue(weight, "\(place): a weight must be a whole number from 1 to 1000000")
                    return nil
                }
                weights.append((name, count))
            }
            return .weighted(weights)
        case "int":
            guard let text = value.string, let (low, high) = Self.split(text),
                let lower = Int(low), let upper = Int(high), lower <= upper
            else { break }
            return .integer(lower...upper)
        case "time":
            guard let text = value.string, let (low, high) = Self.split(text),
                let lower = Self.timeBound(low), let upper = Self.timeBound(high)
            else { break }
            return .time(lower, upper)
        case "after":
            guard let text = value.string, !text.isEmpty else { break }
            let reference: TimeReference =
                text.hasPrefix("parent.") ? .parent(String(text.dropFirst(7))) : .column(text)
            var within = Timestamp.day
            if let node = fields["within"] {
                guard let span = node.string.flatMap(Self.duration), span > 0 else {
                    issue(node, "\(place): 'within' must be a positive duration such as 90s, 30m, 12h or 3d")
                    return nil
                }
                within = span
            }
            return .after(reference, within: within)
        case "template":
            guard let text = value.string else { break }
            do {
                return .template(try SpecTemplate(text))
            } catch {
                issue(value, "\(place): template \(error.message)")
                return nil
            }
        case "json":
            guard case .mapping(let entries) = value else { break }
            var members: [(String, SpecRule)] = []
            for (key, member) in entries {
                guard let name = key.string else { continue }
                guard let rule = parseRule(member, "\(place).\(name)") else { return nil }
                members.append((name, rule))
            }
            return .json(members)
        default: break
        }
        issue(value, "\(place): \(Self.expected[kind] ?? "a valid rule")")
        return nil
    }

    private static let expected = [
        "value": "'value' needs a scalar",
        "pick": "'pick' needs a non-empty list of scalars, e.g. [api, db, ui]",
        "weighted": "'weighted' needs a mapping of values to whole-number weights, e.g. {a: 3, b: 1}",
        "int": "'int' needs LOW..HIGH with LOW ≤ HIGH, e.g. 1..100",
        "time": "'time' needs FROM..TO, each a duration from --as-of (-30d, 0s) or a date (2025-06-30)",
        "after": "'after' needs a time column of the row, or parent.COLUMN",
        "template": "'template' needs text with {slot}s",
        "json": "'json' needs a mapping of keys to values or rules",
    ]

    /// `LOW..HIGH`.
    private static func split(_ text: String) -> (String, String)? {
        guard let range = text.range(of: "..") else { return nil }
        let low = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let high = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return low.isEmpty || high.isEmpty ? nil : (low, high)
    }

    /// A duration (`-30d`, `12h`, `90s`, `5m`, `0`) or a date (`2025-06-30[T…Z]`).
    private static func timeBound(_ text: String) -> TimeBound? {
        if let offset = duration(text) { return .relative(offset) }
        return Timestamp(parsing: text).map(TimeBound.absolute)
    }

    /// Microseconds of `90s`, `30m`, `12h`, `3d`, optionally negative; `0` alone.
    static func duration(_ text: String) -> Int64? {
        if text == "0" { return 0 }
        guard let unit = text.last, let amount = Int64(text.dropLast()), abs(amount) <= 1_000_000 else {
            return nil
        }
        switch unit {
        case "s": return amount * Timestamp.second
        case "m": return amount * Timestamp.minute
        case "h": return amount * Timestamp.hour
        case "d": return amount * Timestamp.day
        default: return nil
        }
    }

    private func mark(_ node: Node) -> SpecMark {
        SpecMark(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func issue(_ node: Node, _ message: String) {
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
