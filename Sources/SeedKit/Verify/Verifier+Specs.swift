/// The checks of the tables the dataset specs seed: no orphans through the owning foreign key,
/// and, where a rule says `after: parent.created_at`, children after their parent.
extension Verifier {
    func specChecks() throws -> [VerifyReport.Check] {
        guard !specs.specs.isEmpty else { return [] }
        let schema = try DatasetSchemaReader.read(connection)
        var checks: [VerifyReport.Check] = []
        for spec in specs.specs.flatMap(\.tables) {
            guard let parentSpec = spec.parent, let table = schema.table(spec.name),
                let key = table.foreignKeys.first(where: { $0.columns == [parentSpec.column] }),
                let parentColumn = key.referencedColumns.first
            else { continue }
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
            for rule in spec.columns {
                guard case .after(.column(let earlier), _) = rule.rule else { continue }
                checks.append(
                    try rows(
                        "\(spec.name).\(rule.column) ≥ \(spec.name).\(earlier)",
                        "SELECT \(fk) FROM \(table.name) WHERE \(rule.column) < \(earlier)"))
            }
        }
        return checks
    }
}
