/// The checks the dataset specs add: a new table has no orphans through its owning foreign key
/// and, where a rule says `after: parent.created_at`, children come after their parent; a rule
/// `after: COLUMN` (a new table's or an added column's) holds on every row.
extension Verifier {
    func specChecks() throws -> [VerifyReport.Check] {
        guard !specs.specs.isEmpty else { return [] }
        let schema = try DatasetSchemaReader.read(connection)
        var checks: [VerifyReport.Check] = []
        for spec in specs.specs.flatMap(\.tables) {
            guard let table = schema.table(spec.name) else { continue }
            if let parentSpec = spec.parent,
                let key = table.foreignKeys.first(where: { $0.columns == [parentSpec.column] }),
                let parentColumn = key.referencedColumns.first
            {
                let fk = parentSpec.column
                checks.append(
                    try rows(
                        "no orphans in \(spec.name).\(fk)",
                        "SELECT c.\(fk) FROM \(table.name) c LEFT JOIN \(key.table) p ON p.\(parentColumn) = c.\(fk) WHERE p.\(parentColumn) IS NULL"
                    ))
                for rule in spec.columns {
                    guard case .after(.parent(let parentTime), _) = rule.rule else { continue }
                    checks.append(
                        try rows(
                            "\(spec.name).\(rule.column) ≥ \(key.table).\(parentTime)",
                            "SELECT c.\(fk) FROM \(table.name) c JOIN \(key.table) p ON p.\(parentColumn) = c.\(fk) WHERE c.\(rule.column) < p.\(parentTime)"
                        ))
                }
            }
            for rule in spec.columns {
                guard case .after(.column(let earlier), _) = rule.rule, table.column(rule.column) != nil
                else {
                    continue
                }
                checks.append(
                    try rows(
                        "\(spec.name).\(rule.column) ≥ \(spec.name).\(earlier)",
                        "SELECT \(earlier) FROM \(table.name) WHERE \(rule.column) < \(earlier)"))
            }
        }
        return checks
    }
}
