/// Binds the dataset specs to the migrated schema: checks every rule against its column
/// (type, CHECK, uniqueness), fills the columns without a rule from the schema
/// (`ColumnBinder`) and refuses NOT NULL columns it cannot fill. Every problem is
/// collected; the caller throws them together before the database is written.
struct DatasetSpecBinder {
    let schema: DatabaseSchema
    let specs: [DatasetSpec]
    let context: GeneratorContext
    private(set) var issues: [SpecIssue] = []

    init(schema: DatabaseSchema, specs: [DatasetSpec], context: GeneratorContext) {
        self.schema = schema
        self.specs = specs
        self.context = context
    }

    /// The layout; throws every problem at once.
    static func bind(schema: DatabaseSchema, specs: [DatasetSpec], context: GeneratorContext) throws
        -> DatasetLayout
    {
        var binder = DatasetSpecBinder(schema: schema, specs: specs, context: context)
        let layout = binder.bind()
        guard binder.issues.isEmpty else {
            throw ConfigurationError(specIssues: binder.issues.sorted { $0.order < $1.order })
        }
        return layout
    }

    mutating func bind() -> DatasetLayout {
        var specTables: [(spec: TableSpec, file: String)] = []
        for spec in specs {
            for table in spec.tables { specTables.append((table, spec.file)) }
        }
        var extras: [String: TableExtras] = [:]
        var newTables: [SpecTable] = []
        for (tableSpec, _) in specTables where schema.table(tableSpec.name) == nil {
            issue(
                tableSpec.mark,
                "table '\(tableSpec.name)' is not in the migrated database; migrate first, or fix the name")
        }
        for seeded in SeedSchema.tables {
            guard let table = schema.table(seeded.name) else { continue }
            let spec = specTables.first { schema.table($0.spec.name)?.name == table.name }
            if let added = bindBuiltIn(
                seeded, table, spec?.spec,
                file: spec?.file ?? Self.specFile(for: seeded, in: context.specs.directory))
            {
                extras[seeded.name] = added
            }
        }
        let builtInNames = Set(SeedSchema.tables.compactMap { schema.table($0.name)?.name })
        for (tableSpec, file) in specTables {
            guard let table = schema.table(tableSpec.name), !builtInNames.contains(table.name) else {
                continue
            }
            if let bound = bindNew(table, tableSpec, file: file) { newTables.append(bound) }
        }
        refuseUnseededChildren(
            seeded: builtInNames.union(newTables.map(\.table.name)), specTables.map(\.spec))
        return DatasetLayout(extras: extras, newTables: newTables)
    }

    /// A table a migration added with a foreign key into a seeded table would be left with
    /// orphans (PostgreSQL will not even empty the parent): it needs a spec.
    private mutating func refuseUnseededChildren(seeded: Set<String>, _ specTables: [TableSpec]) {
        let named = Set(specTables.compactMap { schema.table($0.name)?.name })
        for table in schema.tables where !seeded.contains(table.name) && !named.contains(table.name) {
            guard
                let key = table.foreignKeys.first(where: {
                    seeded.contains(schema.table($0.table)?.name ?? $0.table)
                })
            else { continue }
            issues.append(
                SpecIssue(
                    place: context.specs.directory,
                    message:
                        "\(table.name) has a foreign key to \(key.table), which seedctl empties and fills, and no spec seeds it; "
                        + "add \"\(table.name): {parent: {fk: \(key.columns.joined(separator: ", "))}, rows: {per_parent: 1}}\" "
                        + "under tables: in the spec of its migrations module"))
        }
    }

    /// The spec file a built-in table's rules go in.
    static func specFile(for table: SeededTable, in directory: String) -> String {
        let module =
            table.name.hasPrefix("shared.")
            ? "design" : table.name == SeedSchema.patterns.name ? "patterns" : "tech_spec"
        return "\(directory)/\(module).yml"
    }

    // MARK: Built-in tables

    private mutating func bindBuiltIn(
        _ seeded: SeededTable, _ table: TableSchema, _ spec: TableSpec?, file: String
    )
        -> TableExtras?
    {
        let written = Set(seeded.columns.map(\.name))
        if let spec {
            if let parent = spec.parent {
                issue(
                    parent.mark,
                    "\(seeded.name) is seeded by seedctl's own generator; its parent is fixed, remove 'parent:'"
                )
            }
            if let rows = spec.rows {
                issue(rows.mark, "\(seeded.name)'s rows come from profiles.yml; remove 'rows:'")
            }
            for rule in spec.columns where written.contains(rule.column) {
                issue(
                    rule.mark,
                    "\(seeded.name).\(rule.column) is written by seedctl's generator; a rule applies to columns a migration added"
                )
            }
            for rule in spec.columns where table.column(rule.column) == nil {
                issue(rule.mark, "\(seeded.name) has no column '\(rule.column)'")
            }
        }
        let added = table.columns.filter { !written.contains($0.name) }
        guard !added.isEmpty else { return nil }
        var slots: [String: Int] = [:]
        for (index, column) in seeded.columns.enumerated() where column.type == .timestamp {
            slots[column.name] = index
        }
        let compiled = compileColumns(
            added, table: table, tableName: seeded.name, spec: spec, file: file,
            firstSlot: seeded.columns.count,
            timeSlots: slots, owning: nil)
        guard !compiled.columns.isEmpty else { return nil }
        let extended = SeededTable(
            name: seeded.name, columns: seeded.columns + compiled.columns.map(\.column), parent: seeded.parent
        )
        return TableExtras(table: extended, columns: compiled.columns, builtInCount: seeded.columns.count)
    }

    // MARK: New tables

    private mutating func bindNew(_ table: TableSchema, _ spec: TableSpec, file: String) -> SpecTable? {
        guard let parentSpec = spec.parent else {
            issue(
                spec.mark,
                "\(spec.name) is not seeded by seedctl; add 'parent: {fk: COLUMN}' naming its foreign key to the owning table"
            )
            return nil
        }
        let jobs = schema.dialect.tableName(SeedSchema.designJobs.name)
        let sessions = schema.dialect.tableName(SeedSchema.sessions.name)
        guard let key = table.foreignKeys.first(where: { $0.columns == [parentSpec.column] }) else {
            issue(
                parentSpec.mark,
                "\(spec.name).\(parentSpec.column) is not a single-column foreign key; name one of \(table.foreignKeys.map { $0.columns.joined(separator: ",") })"
            )
            return nil
        }
        let parent: SpecTable.Parent
        let parentName: String
        switch schema.dialect.tableName(key.table) {
        case jobs: (parent, parentName) = (.jobs, SeedSchema.designJobs.name)
        case sessions: (parent, parentName) = (.sessions, SeedSchema.sessions.name)
        default:
            issue(
                parentSpec.mark,
                "\(spec.name)'s parent \(key.table) is not supported yet; a new table's parent must be design_jobs or tech_spec_sessions"
            )
            return nil
        }
        let profile = context.plan.profile
        let parentRows = profile.counts[parentName] ?? 0
        guard
            let rows = profile.counts[spec.name]
                ?? spec.rows?.count(profile: profile.name, parents: parentRows, scale: profile.scale)
        else {
            issue(
                spec.rows?.mark ?? spec.mark,
                "\(spec.name) has no row count for profile '\(context.plan.profile.name)'; add '\(context.plan.profile.name): ROWS' or 'per_parent: N' under rows"
            )
            return nil
        }
        guard rows <= Profile.maximumRows else {
            issue(
                spec.rows?.mark ?? spec.mark,
                "\(spec.name): \(rows) rows is more than seedctl generates (\(Profile.maximumRows))")
            return nil
        }
        for rule in spec.columns where table.column(rule.column) == nil {
            issue(rule.mark, "\(spec.name) has no column '\(rule.column)'")
        }
        let compiled = compileColumns(
            table.columns, table: table, tableName: spec.name, spec: spec, file: file, firstSlot: 0,
            timeSlots: [:],
            owning: parentSpec.column)
        let childTime = compiled.columns.first { if case .afterParent = $0.fill { true } else { false } }?
            .column.name
        let link = ParentLink(
            column: parentSpec.column, table: parentName, childTime: childTime ?? "", parentTime: "created_at"
        )
        return SpecTable(
            table: SeededTable(name: table.name, columns: compiled.columns.map(\.column), parent: link),
            parent: parent, rows: rows, columns: compiled.columns, perParentCap: compiled.cap, file: file)
    }

    // MARK: Columns

    /// Compiles `columns` in an order where every `after:` follows its column.
    private mutating func compileColumns(
        _ columns: [ColumnSchema], table: TableSchema, tableName: String, spec: TableSpec?, file: String,
        firstSlot: Int, timeSlots: [String: Int], owning: String?
    ) -> (columns: [CompiledColumn], cap: Int?) {
        var rules: [String: ColumnRuleSpec] = [:]
        for rule in spec?.columns ?? [] { rules[rule.column] = rule }
        for column in columns where column.generated != nil {
            if let rule = rules[column.name] {
                issue(rule.mark, "\(tableName).\(column.name) is computed by the database; remove its rule")
            }
        }
        var pending = columns.filter { $0.generated == nil }
        var slots = timeSlots
        var compiled: [CompiledColumn] = []
        let words = SpecWords(context.vocabulary)
        var cap: Int?
        while !pending.isEmpty {
            let ready =
                pending.firstIndex { column in
                    guard let rule = rules[column.name], case .after(.column(let other), _) = rule.rule else {
                        return true
                    }
                    return slots[other] != nil || !pending.contains { $0.name == other }
                } ?? 0
            let column = pending.remove(at: ready)
            var defaults = ColumnBinder(
                table: table, tableName: tableName, column: column, owning: owning, anchor: context.plan.asOf,
                timeSlots: slots, words: words)
            let fill: ColumnFill?
            if let rule = rules[column.name] {
                fill = defaults.compile(rule)
            } else {
                fill = defaults.fill(file: file)
            }
            issues += defaults.issues
            if let limit = defaults.perParentCap { cap = min(cap ?? limit, limit) }
            guard let fill, let type = SpecValueTyping.columnType(column.type) else { continue }
            let slot = firstSlot + compiled.count
            if type == .timestamp { slots[column.name] = slot }
            compiled.append(
                CompiledColumn(
                    column: Column(column.name, type, nullable: column.nullable),
                    key: CompiledColumn.fieldKey(column.name), fill: fill, slot: slot))
        }
        return (compiled, cap)
    }

    private mutating func issue(_ mark: SpecMark, _ message: String) {
        issues.append(SpecIssue(place: mark.description, message: message))
    }
}
