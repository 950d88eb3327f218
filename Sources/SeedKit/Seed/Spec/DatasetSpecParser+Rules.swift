import Foundation
import Yams

/// The column rules of a spec, from their nodes.
extension DatasetSpecParser {
    /// The rules: a scalar (a constant) or a one-key mapping.
    mutating func parseRule(_ node: Node, _ place: String) -> SpecRule? {
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

    /// The largest magnitude of an `int` bound (2^53: exact as a double, no overflow in a span).
    static let integerLimit = 1 << 53

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
                let lower = Int(low), let upper = Int(high), lower <= upper,
                lower >= -Self.integerLimit, upper <= Self.integerLimit
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
        "int": "'int' needs LOW..HIGH with LOW ≤ HIGH (within ±2^53), e.g. 1..100",
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
}
