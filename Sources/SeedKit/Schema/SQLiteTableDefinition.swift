import Foundation

/// The CHECK constraints of a SQLite `CREATE TABLE` statement, which SQLite keeps only as the
/// statement's text (`sqlite_schema.sql`): each `CHECK (…)` with its `CONSTRAINT name`, table-
/// or column-level. Strings, quoted identifiers and comments are skipped, so a `CHECK` inside
/// them is not one.
enum SQLiteTableDefinition {
    static func checks(in sql: String) -> [TableSchema.Check] {
        let characters = Array(sql)
        var checks: [TableSchema.Check] = []
        var words: [String] = []  // the identifiers since the last CHECK, for its name
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let end = skipped(characters, at: index) {
                if "\"`[".contains(character) {  // a quoted identifier: a constraint's name, maybe
                    words.append(String(characters[(index + 1)..<max(index + 1, end - 1)]))
                }
                index = end
            } else if character.isLetter || character == "_" {
                let start = index
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber
                        || characters[index] == "_"
                {
                    index += 1
                }
                let word = String(characters[start..<index])
                guard word.uppercased() == "CHECK" else {
                    words.append(word)
                    continue
                }
                guard let (expression, end) = parenthesized(characters, from: index) else { break }
                let name =
                    words.count >= 2 && words[words.count - 2].uppercased() == "CONSTRAINT" ? words.last : nil
                checks.append(TableSchema.Check(name: name, expression: expression))
                words = []
                index = end
            } else {
                if character == "," { words = [] }
                index += 1
            }
        }
        return checks
    }

    /// The text inside the parentheses that open after `start` (whitespace allowed before),
    /// and the index after the closing one.
    private static func parenthesized(_ characters: [Character], from start: Int) -> (String, Int)? {
        var index = start
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count, characters[index] == "(" else { return nil }
        let open = index
        var depth = 0
        while index < characters.count {
            if let end = skipped(characters, at: index) {
                index = end
                continue
            }
            if characters[index] == "(" { depth += 1 }
            if characters[index] == ")" {
                depth -= 1
                if depth == 0 {
                    let inner = String(characters[(open + 1)..<index])
                    return (inner.trimmingCharacters(in: .whitespacesAndNewlines), index + 1)
                }
            }
            index += 1
        }
        return nil
    }

    /// The index after a string literal, quoted identifier or comment starting at `index`.
    private static func skipped(_ characters: [Character], at index: Int) -> Int? {
        let character = characters[index]
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        let close: [Character]
        switch (character, next) {
        case ("'", _): close = ["'"]
        case ("\"", _): close = ["\""]
        case ("`", _): close = ["`"]
        case ("[", _): close = ["]"]
        case ("-", "-"): close = ["\n"]
        case ("/", "*"): close = ["*", "/"]
        default: return nil
        }
        var position = index + (close.count == 2 || character == "-" ? 2 : 1)
        while position < characters.count {
            if Array(characters[position..<min(position + close.count, characters.count)]) == close {
                return position + close.count
            }
            position += 1
        }
        return characters.count
    }
}
