/// Splits SQL text into identifiers and punctuation: enough to find table aliases and the
/// keywords of a statement, not a parser. Whitespace and comments are skipped, and a string
/// literal is one `'` token, so nothing inside it reads as an identifier.
enum SQLTokenizer {
    /// One identifier, or one character of punctuation.
    struct Token {
        var text: String
        var isIdentifier: Bool
        /// The identifier was quoted (`"x"`, `` `x` `` or `[x]`); `text` is without the quotes.
        var quoted = false
    }

    /// The tokens of `sql`, in order.
    static func tokens(in sql: String) -> [Token] {
        let characters = Array(sql)
        var tokens: [Token] = []
        var index = 0
        func skip(to end: String) {
            let end = Array(end)
            while index < characters.count,
                Array(characters[index..<min(index + end.count, characters.count)]) != end
            {
                index += 1
            }
            index = min(index + end.count, characters.count)
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                skip(to: "\n")
            } else if character == "/", index + 1 < characters.count, characters[index + 1] == "*" {
                index += 2
                skip(to: "*/")
            } else if character == "'" {
                index += 1
                skip(to: "'")  // a doubled '' just starts the next literal: still not an identifier
                tokens.append(Token(text: "'", isIdentifier: false))
            } else if let close = ["\"": "\"", "`": "`", "[": "]"][character] {
                let start = index + 1
                index = start
                skip(to: String(close))
                let end = max(start, index - 1)
                tokens.append(Token(text: String(characters[start..<end]), isIdentifier: true, quoted: true))
            } else if character.isLetter || character == "_" {
                let start = index
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                        || characters[index] == "$"
                {
                    index += 1
                }
                tokens.append(Token(text: String(characters[start..<index]), isIdentifier: true))
            } else {
                tokens.append(Token(text: String(character), isIdentifier: false))
                index += 1
            }
        }
        return tokens
    }
}
