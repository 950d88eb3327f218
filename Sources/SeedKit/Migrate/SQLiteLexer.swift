/// The tokens and states of SQLite's `sqlite3_complete()` (complete.c).
struct SQLiteLexer {
    let bytes: [UInt8]

    private enum Token: Int {
        case semi = 0
        case whitespace, other, explain, create, temp, trigger, end
    }

    /// complete.c's transition table: `transitions[state][token]`; state 1 means complete.
    private static let transitions: [[Int]] = [
        [1, 0, 2, 3, 4, 2, 2, 2],  // 0 INVALID
        [1, 1, 2, 3, 4, 2, 2, 2],  // 1 START
        [1, 2, 2, 2, 2, 2, 2, 2],  // 2 NORMAL
        [1, 3, 3, 2, 4, 2, 2, 2],  // 3 EXPLAIN
        [1, 4, 2, 2, 2, 4, 5, 2],  // 4 CREATE
        [6, 5, 5, 5, 5, 5, 5, 5],  // 5 TRIGGER
        [6, 6, 5, 5, 5, 5, 5, 7],  // 6 SEMI
        [1, 7, 5, 5, 5, 5, 5, 5],  // 7 END
    ]

    func split() -> [StatementSplitter.Statement] {
        var statements: [StatementSplitter.Statement] = []
        var state = 0
        var index = 0
        var codeStart: Int?
        while index < bytes.count {
            let start = index
            let token: Token
            (token, index) = next(from: index)
            if token != .whitespace, token != .semi, codeStart == nil { codeStart = start }
            state = Self.transitions[state][token.rawValue]
            if token == .semi, state == 1 {
                if let begin = codeStart {
                    statements.append(.init(sql: StatementSplitter.text(bytes, begin..<index), offset: begin))
                }
                codeStart = nil
            }
        }
        if let begin = codeStart {
            statements.append(.init(sql: StatementSplitter.text(bytes, begin..<bytes.count), offset: begin))
        }
        return statements
    }

    /// The token at `index` and the index after it.
    private func next(from index: Int) -> (Token, Int) {
        let byte = bytes[index]
        let following: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
        switch byte {
        case UInt8(ascii: ";"):
            return (.semi, index + 1)
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
            return (.whitespace, index + 1)
        case UInt8(ascii: "/") where following == UInt8(ascii: "*"):
            var end = index + 2
            while end + 1 < bytes.count,
                !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/"))
            {
                end += 1
            }
            return (.whitespace, min(end + 2, bytes.count))
        case UInt8(ascii: "-") where following == UInt8(ascii: "-"):
            var end = index + 2
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            return (.whitespace, end)
        case UInt8(ascii: "["):
            return (.other, closing(UInt8(ascii: "]"), after: index))
        case UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return (.other, closing(byte, after: index))
        default:
            guard isIdentifierByte(byte) else { return (.other, index + 1) }
            var end = index + 1
            while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
            return (keyword(index..<end), end)
        }
    }

    /// The index after the first `quote` following `index`, or the end of the script.
    private func closing(_ quote: UInt8, after index: Int) -> Int {
        var end = index + 1
        while end < bytes.count, bytes[end] != quote { end += 1 }
        return min(end + 1, bytes.count)
    }

    private func keyword(_ range: Range<Int>) -> Token {
        let word = String(decoding: bytes[range].map { $0 | 0x20 }, as: UTF8.self)
        switch word {
        case "create": return .create
        case "temp", "temporary": return .temp
        case "trigger": return .trigger
        case "end": return .end
        case "explain": return .explain
        default: return .other
        }
    }

    /// complete.c's `IdChar`: letters, digits, `_`, `$` and every byte of a multibyte character.
    private func isIdentifierByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || isDigit(byte)
            || isLetter(byte)
    }
}
