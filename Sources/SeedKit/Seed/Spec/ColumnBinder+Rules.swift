/// A column's spec rule, checked against the schema: type, CHECK values and range, uniqueness,
/// `after:` references.
extension ColumnBinder {
    /// The rule checked against the column; nil with issues when it does not fit.
    mutating func compile(_ rule: ColumnRuleSpec) -> ColumnFill? {
        if column.generated != nil {
            return fail(
                rule,
                "the database computes it (\(column.generated?.rawValue ?? "generated")); remove the rule")
        }
        guard SpecValueTyping.columnType(column.type) != nil else {
            return fail(rule, "seedctl does not generate \(column.declaredType) values")
        }
        guard let fill = compile(rule.rule, rule) else { return nil }
        if isUnique {
            guard Self.isInjective(fill) else {
                return fail(rule, "is UNIQUE but its rule can repeat; use a template with {row}")
            }
        } else if isUniqueWithParent {
            switch fill {
            case .pick(let values):
                perParentCap = values.count
                return .perParent(values)
            case _ where Self.isInjective(fill): break
            default:
                return fail(
                    rule,
                    "is in UNIQUE (\(owning ?? ""), \(column.name)) but its rule can repeat within a parent; use pick (at most one row per value and parent) or a template with {row}"
                )
            }
        }
        return fill
    }

    static func isInjective(_ fill: ColumnFill) -> Bool {
        switch fill {
        case .uuid, .rowNumber, .rowText: true
        case .template(let template, _, _): template.isInjective
        default: false
        }
    }

    private mutating func compile(_ rule: SpecRule, _ spec: ColumnRuleSpec) -> ColumnFill? {
        switch rule {
        case .constant(let text):
            guard let value = typed(text, spec) else { return nil }
            return .constant(value)
        case .pick(let texts):
            let values = texts.compactMap { typed($0, spec) }
            return values.count == texts.count ? .pick(values) : nil
        case .weighted(let entries):
            let values = entries.compactMap { typed($0.value, spec) }
            guard values.count == entries.count else { return nil }
            var total: UInt64 = 0
            let cumulative = entries.map { entry -> UInt64 in
                total += UInt64(entry.weight)
                return total
            }
            return .weighted(values, cumulative: cumulative)
        case .integer(let range):
            if let bounds = column.range,
                Double(range.lowerBound) < bounds.lowerBound || Double(range.upperBound) > bounds.upperBound
            {
                return fail(
                    spec,
                    "\(range.lowerBound)..\(range.upperBound) is outside its CHECK range \(bounds.lowerBound)...\(bounds.upperBound)"
                )
            }
            switch column.type {
            case .integer:
                return .integer(
                    lower: range.lowerBound, span: UInt64(range.upperBound - range.lowerBound) + 1)
            case .real, .numeric:
                return .real(
                    lower: Double(range.lowerBound), width: Double(range.upperBound - range.lowerBound))
            default:
                return fail(
                    spec, "'int' needs an integer or numeric column, and it is \(column.declaredType)")
            }
        case .time(let from, let to):
            guard column.type == .timestamp else {
                return fail(spec, "'time' needs a timestamp column, and it is \(column.declaredType)")
            }
            let lower = from.resolve(anchor: anchor)
            let upper = to.resolve(anchor: anchor)
            guard lower <= upper else { return fail(spec, "the range ends before it starts") }
            return .time(lower: lower, span: upper.microseconds - lower.microseconds)
        case .after(let reference, let within):
            guard column.type == .timestamp else {
                return fail(spec, "'after' needs a timestamp column, and it is \(column.declaredType)")
            }
            switch reference {
            case .parent(let other):
                guard owning != nil, other == "created_at" else {
                    return fail(
                        spec,
                        owning == nil
                            ? "'after: parent.…' is for new tables; name a time column of this table"
                            : "a parent's time is parent.created_at")
                }
                return .afterParent(within: within)
            case .column(let other):
                if !column.nullable, table.column(other)?.nullable == true {
                    return fail(
                        spec,
                        "'\(other)' can be NULL, and then so is this column, which is NOT NULL; follow a NOT NULL time"
                    )
                }
                guard let slot = timeSlots[other] else {
                    return fail(
                        spec,
                        "'\(other)' is not a time column of \(tableName) written before it (or the rules' after: form a cycle)"
                    )
                }
                return .after(slot: slot, within: within)
            }
        case .template(let template):
            guard column.type == .text || column.type == .enumeration else {
                return fail(spec, "'template' needs a text column, and it is \(column.declaredType)")
            }
            return .template(template, stream: CounterHash.stream(name), words: words)
        case .json(let members):
            guard column.type == .json else {
                return fail(spec, "'json' needs a json column, and it is \(column.declaredType)")
            }
            var fills: [(String, ColumnFill)] = []
            for (key, member) in members {
                guard let fill = compileMember(member, spec) else { return nil }
                fills.append((jsonString(key) + ": ", fill))
            }
            return .json(fills)
        }
    }

    /// A JSON member: scalars are JSON text, numbers or booleans as written, else strings.
    private mutating func compileMember(_ rule: SpecRule, _ spec: ColumnRuleSpec) -> ColumnFill? {
        func scalar(_ text: String) -> SpecValue {
            if let number = Int(text) { return .integer(number) }
            if let number = Double(text) { return .real(number) }
            if text == "true" || text == "false" { return .boolean(text == "true") }
            if text == "null" { return .null }
            return .text(text)
        }
        switch rule {
        case .constant(let text): return .constant(scalar(text))
        case .pick(let texts): return .pick(texts.map(scalar))
        case .weighted(let entries):
            var total: UInt64 = 0
            return .weighted(
                entries.map { scalar($0.value) },
                cumulative: entries.map {
                    total += UInt64($0.weight)
                    return total
                })
        case .integer(let range):
            return .integer(lower: range.lowerBound, span: UInt64(range.upperBound - range.lowerBound) + 1)
        case .template(let template):
            return .template(template, stream: CounterHash.stream(name), words: words)
        case .json(let members):
            var fills: [(String, ColumnFill)] = []
            for (key, member) in members {
                guard let fill = compileMember(member, spec) else { return nil }
                fills.append((jsonString(key) + ": ", fill))
            }
            return .json(fills)
        case .time, .after:
            return fail(spec, "a JSON member can be a value, pick, weighted, int, template or json")
        }
    }

    /// `text` typed for the column and allowed by its CHECK.
    private mutating func typed(_ text: String, _ spec: ColumnRuleSpec) -> SpecValue? {
        guard let value = SpecValueTyping.value(text, column.type) else {
            _ = fail(spec, "'\(text)' is not a \(column.declaredType) value")
            return nil
        }
        if value == .null, !column.nullable {
            _ = fail(spec, "is NOT NULL; null is not allowed")
            return nil
        }
        if let allowed = column.allowedValues, value != .null, !allowed.contains(text) {
            _ = fail(spec, "'\(text)' is not allowed by its CHECK (\(allowed.joined(separator: ", ")))")
            return nil
        }
        if let range = column.range, case .integer(let number) = value, !range.contains(Double(number)) {
            _ = fail(spec, "\(number) is outside its CHECK range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    private mutating func fail(_ spec: ColumnRuleSpec, _ message: String) -> ColumnFill? {
        issues.append(SpecIssue(place: spec.mark.description, message: "\(name): \(message)"))
        return nil
    }
}
