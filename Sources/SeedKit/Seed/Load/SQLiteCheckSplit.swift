import Foundation

/// A seeded SQLite table's CHECK constraints split in two: those that hold by construction for
/// every row seedctl's own generators write, and those SQLite must still evaluate.
///
/// A CHECK holds by construction when it is a conjunction of the value formats seedctl always
/// writes, each on a built-in column of that type: a UUID (`length(c) = 36`, the
/// `'????????-…'` GLOB, `c NOT GLOB '*[^0-9a-f-]*'`: `SeedUUID` prints 36 lowercase hex digits
/// and dashes), a timestamp (the `'[0-9][0-9][0-9][0-9]-…Z'` GLOB: `Timestamp` prints exactly
/// that), a JSON value of the column's root type (`json_valid(c)`, `CASE WHEN json_valid(c) THEN
/// json_type(c) = 'array' ELSE 0 END`), each optionally as `c IS NULL OR …`. Anything else is
/// evaluated: another test, these texts on a column a spec rule fills, a GLOB pattern that differs
/// by one character (patterns compare exactly: GLOB is case-sensitive). Terms match whole, so a
/// CHECK a migration tightens or rewrites no longer matches and SQLite evaluates it.
struct SQLiteCheckSplit {
    /// The CHECKs that hold by construction.
    private(set) var proven: [TableSchema.Check] = []
    /// The CHECKs SQLite must evaluate.
    private(set) var evaluated: [TableSchema.Check] = []

    /// Splits `checks`; `generated` are the columns seedctl's built-in generator writes (not a
    /// spec's added columns).
    init(_ checks: [TableSchema.Check], generated: [Column]) {
        var columns: [String: Column] = [:]
        for column in generated { columns[column.name.lowercased()] = column }
        for check in checks {
            if Self.holds(check.expression, columns) { proven.append(check) } else { evaluated.append(check) }
        }
    }

    /// Whether every term of the conjunction `expression` is a format its column always has.
    static func holds(_ expression: String, _ columns: [String: Column]) -> Bool {
        conjunction(normalized(expression)).allSatisfy { term in
            guard let (name, test, orNull) = parse(term), let column = columns[name] else { return false }
            // json_valid(NULL) is NULL, so the CASE form's ELSE 0 rejects a NULL.
            if test.hasPrefix("json_type"), column.nullable, !orNull { return false }
            return formats(of: column).contains(test)
        }
    }

    /// The tests every value of `column` passes (a NULL makes each of them NULL, which passes).
    private static func formats(of column: Column) -> Set<String> {
        switch column.type {
        case .uuid: ["length=36", "glob '????????-????-????-????-????????????'", "not glob '*[^0-9a-f-]*'"]
        case .timestamp: ["glob '\(timestampGlob)'"]
        case .json: Set(["json_valid"] + (column.jsonRoot.map { ["json_type='\($0.rawValue)'"] } ?? []))
        default: []
        }
    }

    /// A term's column (lowercased), its test in a canonical form (keywords lowercased, literals
    /// verbatim) and whether it was `c IS NULL OR test`.
    private static func parse(_ term: Substring) -> (String, String, Bool)? {
        if let match = term.wholeMatch(of: nullOr), let (name, test, _) = parse(match.2),
            name == identifier(match.1)
        {
            return (name, test, true)
        }
        if let match = term.wholeMatch(of: length) { return (identifier(match.1), "length=36", false) }
        if let match = term.wholeMatch(of: glob) {
            return (identifier(match.1), (match.2.isEmpty ? "" : "not ") + "glob " + match.3, false)
        }
        if let match = term.wholeMatch(of: jsonValid) { return (identifier(match.1), "json_valid", false) }
        if let match = term.wholeMatch(of: jsonType), identifier(match.1) == identifier(match.2) {
            return (identifier(match.1), "json_type=" + match.3, false)
        }
        return nil
    }

    /// `name` or `"name"`, lowercased (SQLite's identifiers ignore case).
    private static func identifier(_ text: Substring) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }

    /// Outside string literals: whitespace runs as one space, none after `(`, before `)` or
    /// beside `=`.
    private static func normalized(_ expression: String) -> String {
        var result = ""
        var quote: Character?
        var pendingSpace = false
        for character in expression {
            if quote == nil, character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, let last = result.last, !")=".contains(character), !"(=".contains(last) {
                result.append(" ")
            }
            pendingSpace = false
            result.append(character)
            if let open = quote {
                if character == open { quote = nil }
            } else if "'\"".contains(character) {
                quote = character
            }
        }
        return result
    }

    /// The terms of a conjunction: `expression` split at its top-level `AND`s, each term's
    /// enclosing parentheses removed and split again. `OR` binds looser than `AND`, so an
    /// expression with both at its top level is one term, which matches nothing.
    private static func conjunction(_ expression: String) -> [Substring] {
        var text = Substring(expression)
        while text.hasPrefix("("), text.hasSuffix(")"), closes(text) { text = text.dropFirst().dropLast() }
        let parts = split(text, at: "and")
        guard parts.count > 1 else { return [text] }
        guard parts.allSatisfy({ split($0, at: "or").count == 1 }) else { return [text] }
        return parts.flatMap { conjunction(String($0)) }
    }

    /// Whether the parenthesis that opens `text` is the one that closes it.
    private static func closes(_ text: Substring) -> Bool {
        var depth = 0
        var closedAt: String.Index?
        scan(text) { character, index in
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0, closedAt == nil { closedAt = index }
            }
        }
        return closedAt == text.index(before: text.endIndex)
    }

    /// `text` split at the lowercase keyword `word` where it stands outside parentheses and
    /// literals.
    private static func split(_ text: Substring, at word: String) -> [Substring] {
        let separator = " \(word) "
        var parts: [Substring] = []
        var start = text.startIndex
        var depth = 0
        scan(text) { character, index in
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0, character == " ", index >= start,
                text[index...].prefix(separator.count).lowercased() == separator
            {
                parts.append(text[start..<index])
                start = text.index(index, offsetBy: separator.count)
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// Calls `visit` for each character of `text` outside string literals and quoted names.
    private static func scan(_ text: Substring, _ visit: (Character, String.Index) -> Void) {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if "'\"".contains(character) {
                quote = character
            } else {
                visit(character, index)
            }
            index = text.index(after: index)
        }
    }

    /// What SQLite's schema requires of a timestamp, and what `Timestamp` prints.
    static let timestampGlob =
        "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z"

    nonisolated(unsafe) private static let nullOr = #/("\w+"|\w+) (?i:is null or) (.+)/#
    nonisolated(unsafe) private static let length = #/(?i:length)\(("\w+"|\w+)\)=36/#
    nonisolated(unsafe) private static let glob = #/("\w+"|\w+) ((?i:not )?)(?i:glob) ('[^']*')/#
    nonisolated(unsafe) private static let jsonValid = #/(?i:json_valid)\(("\w+"|\w+)\)/#
    nonisolated(unsafe) private static let jsonType =
        #/(?i:case when json_valid)\(("\w+"|\w+)\) (?i:then json_type)\(("\w+"|\w+)\)=('[^']*') (?i:else) 0 (?i:end)/#
}
