import SeedKit

/// Renders `seedctl schema`: one block per table (columns aligned, then keys and CHECKs), or
/// the schema as JSON.
struct SchemaOutput {
    let schema: DatabaseSchema
    /// Where it was read from (a redacted URL and the server version).
    let source: String

    func print(as format: OutputFormat) throws {
        switch format {
        case .json:
            Terminal.line(try PrettyJSON.string(schema))
        case .text:
            Terminal.line("Schema of \(source): \(schema.tables.count) table(s)")
            if schema.tables.isEmpty { Terminal.line("No tables: run 'seedctl migrate' first.") }
            for table in schema.tables { printTable(table) }
        }
    }

    private func printTable(_ table: TableSchema) {
        Terminal.line("")
        Terminal.line(table.name)
        let nameWidth = table.columns.map(\.name.count).max() ?? 0
        let typeWidth = table.columns.map(\.type.rawValue.count).max() ?? 0
        for column in table.columns {
            var notes: [String] = []
            if table.primaryKey == [column.name] { notes.append("primary key") }
            if let generated = column.generated { notes.append(generated.rawValue) }
            if let value = column.defaultValue {
                switch value {
                case .constant(let text): notes.append("default \(text)")
                case .volatile(let text): notes.append("default \(text) (per row)")
                }
            }
            if let allowed = column.allowedValues {
                notes.append("one of " + allowed.joined(separator: ", "))
            }
            if let range = column.range {
                notes.append("from \(Self.number(range.lowerBound)) to \(Self.number(range.upperBound))")
            }
            let name = column.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let type = column.type.rawValue.padding(toLength: typeWidth, withPad: " ", startingAt: 0)
            let null = column.nullable ? "null    " : "not null"
            let line = "  \(name)  \(type)  \(null)  \(notes.joined(separator: "; "))"
            Terminal.line(String(line.reversed().drop { $0 == " " }.reversed()))
        }
        if table.primaryKey.count > 1 {
            Terminal.line("  primary key (\(table.primaryKey.joined(separator: ", ")))")
        }
        for unique in table.unique { Terminal.line("  unique (\(unique.joined(separator: ", ")))") }
        for key in table.foreignKeys {
            Terminal.line(
                "  foreign key (\(key.columns.joined(separator: ", "))) → "
                    + "\(key.table) (\(key.referencedColumns.joined(separator: ", ")))")
        }
        for check in table.checks {
            Terminal.line("  check \(check.name.map { "\($0): " } ?? "")\(Self.oneLine(check.expression))")
        }
    }

    /// `seedctl schema --compare`: the differences, or that there are none.
    static func printComparison(
        _ comparison: SchemaComparison, tables: Int, folder: String, as format: OutputFormat
    ) throws {
        switch format {
        case .json:
            struct Report: Encodable {
                let passed: Bool
                let differences: [String]
            }
            let report = Report(passed: comparison.differences.isEmpty, differences: comparison.differences)
            Terminal.line(try PrettyJSON.string(report))
        case .text:
            if comparison.differences.isEmpty {
                Terminal.line(
                    "ok  \(tables) table(s): the PostgreSQL and SQLite migrations in \(folder) agree")
            }
            for difference in comparison.differences { Terminal.line("FAIL \(difference)") }
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}
