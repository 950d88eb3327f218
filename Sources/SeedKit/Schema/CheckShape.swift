import Foundation

/// What a CHECK says about single columns, in the shapes both dialects print: an IN-list
/// (`x IN ('a', 'b')`, PostgreSQL's `x = ANY (ARRAY['a'::text, …])`), a range (`x BETWEEN 0
/// AND 100`, `x >= 0 AND x <= 1`), and SQLite's type conventions (a uuid or timestamp `GLOB`
/// pattern, `json_valid(x)`). Not a parser: a CHECK it does not recognise is left to the
/// database, and says nothing here.
struct CheckShape {
    /// Allowed values per column, in their written order.
    private(set) var allowed: [String: [String]] = [:]
    /// Lower and upper bounds per column (both needed for a range).
    private(set) var lower: [String: Double] = [:]
    private(set) var upper: [String: Double] = [:]
    /// SQLite columns whose CHECK pins a logical type.
    private(set) var types: [String: LogicalType] = [:]

    init(_ expressions: [String]) {
        for expression in expressions { read(expression) }
    }

    /// The range of `column`, when a CHECK bounds it on both sides.
    func range(of column: String) -> ClosedRange<Double>? {
        guard let low = lower[column], let high = upper[column], low <= high else { return nil }
        return low...high
    }

    private mutating func read(_ expression: String) {
        for match in expression.matches(of: Self.inList) {
            allowed[String(match.1)] = Self.values(String(match.2))
        }
        for match in expression.matches(of: Self.anyArray) {
            allowed[String(match.1)] = Self.values(String(match.2))
        }
        for match in expression.matches(of: Self.between) {
            if let low = Double(match.2), let high = Double(match.3) {
                lower[String(match.1)] = low
                upper[String(match.1)] = high
            }
        }
        for match in expression.matches(of: Self.bound) {
            guard let value = Double(match.3) else { continue }
            if match.2 == ">=" { lower[String(match.1)] = value } else { upper[String(match.1)] = value }
        }
        for match in expression.matches(of: Self.uuidGlob) { types[String(match.1)] = .uuid }
        for match in expression.matches(of: Self.timestampGlob) { types[String(match.1)] = .timestamp }
        for match in expression.matches(of: Self.jsonValid) { types[String(match.1)] = .json }
    }

    /// `'a', 'b'` or `'a'::text, 'b'::text` or `0, 1` → the values without quotes or casts.
    private static func values(_ list: String) -> [String] {
        list.split(separator: ",").map { item in
            var value = item.trimmingCharacters(in: .whitespacesAndNewlines)
            if let cast = value.range(of: "::") { value = String(value[..<cast.lowerBound]) }
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            }
            return value
        }
    }

    nonisolated(unsafe) private static let inList = #/(?i)"?(\w+)"?\s+IN\s*\(([^()]*)\)/#
    nonisolated(unsafe) private static let anyArray =
        #/(?i)\(?"?(\w+)"?\)?(?:::[\w ]+)?\s*=\s*ANY\s*\(\s*\(?ARRAY\[([^\]]*)\]/#
    nonisolated(unsafe) private static let between =
        #/(?i)"?(\w+)"?\s+BETWEEN\s+\(?(-?[0-9.]+)\)?\s+AND\s+\(?(-?[0-9.]+)/#
    nonisolated(unsafe) private static let bound = #/"?(\w+)"?\s*(>=|<=)\s*\(?(-?[0-9][0-9.]*)/#
    nonisolated(unsafe) private static let uuidGlob =
        #/(?i)"?(\w+)"?\s+GLOB\s+'\?{8}-\?{4}-\?{4}-\?{4}-\?{12}'/#
    nonisolated(unsafe) private static let timestampGlob =
        #/(?i)"?(\w+)"?\s+GLOB\s+'(?:\[0-9\]){4}-(?:\[0-9\]){2}-(?:\[0-9\]){2}T/#
    nonisolated(unsafe) private static let jsonValid = #/(?i)json_valid\(\s*"?(\w+)"?\s*\)/#
}
