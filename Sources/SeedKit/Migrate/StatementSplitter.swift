/// Splits a SQL script into statements at top-level semicolons.
///
/// Understands `'…'` and `E'…'` strings, `"…"` identifiers, `--` and nested `/* */` comments and
/// `$tag$…$tag$` bodies, so a semicolon inside any of them does not split. Used for files that
/// run outside a transaction, where each statement must be sent alone.
enum StatementSplitter {
    /// One statement and its UTF-8 byte offset in the script.
    struct Statement: Sendable, Equatable {
        var sql: String
        var offset: Int
    }

    /// The statements of `script`, without empty ones (only whitespace or comments).
    static func split(_ script: String) -> [Statement] {
        let bytes = Array(script.utf8)
        var statements: [Statement] = []
        var index = 0
        var hasCode = false
        var codeStart = 0

        func finish(_ end: Int) {
            if hasCode {
                let sql = String(decoding: bytes[codeStart..<end], as: UTF8.self)
                statements.append(Statement(sql: sql, offset: codeStart))
            }
            hasCode = false
        }
        func markCode(_ at: Int) {
            if !hasCode { codeStart = at }
            hasCode = true
        }

        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            switch byte {
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                index = skipBlockComment(bytes, from: index)
            case UInt8(ascii: "'"):
                markCode(index)
                let escapes = index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e")
                index = skipQuoted(bytes, from: index, quote: byte, backslashEscapes: escapes)
            case UInt8(ascii: "\""):
                markCode(index)
                index = skipQuoted(bytes, from: index, quote: byte, backslashEscapes: false)
            case UInt8(ascii: "$") where continuesIdentifier(bytes, at: index):
                index += 1  // inside an identifier such as a$b$c
            case UInt8(ascii: "$"):
                markCode(index)
                index = skipDollarQuoted(bytes, from: index)
            case UInt8(ascii: ";"):
                finish(index + 1)
                index += 1
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            default:
                markCode(index)
                index += 1
            }
        }
        finish(bytes.count)
        return statements
    }

    private static func skipBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    private static func skipQuoted(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool)
        -> Int
    {
        var index = start + 1
        while index < bytes.count {
            if backslashEscapes, bytes[index] == UInt8(ascii: "\\") {
                index += 2
            } else if bytes[index] == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2  // doubled quote
                } else {
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// Skips `$tag$ … $tag$`; a `$` that opens no tag (a `$1` parameter) is one byte.
    private static func skipDollarQuoted(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start + 1
        while end < bytes.count, bytes[end] == UInt8(ascii: "_") || isAlphanumeric(bytes[end]) { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "$"),
            end == start + 1 || !isDigit(bytes[start + 1])
        else { return start + 1 }
        let tag = Array(bytes[start...end])
        var index = end + 1
        while index + tag.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "$"), Array(bytes[index..<index + tag.count]) == tag {
                return index + tag.count
            }
            index += 1
        }
        return bytes.count
    }

    /// Whether the `$` at `index` continues an identifier (`a$b`) rather than opening a quote;
    /// after a parameter such as `$1` it opens one.
    private static func continuesIdentifier(_ bytes: [UInt8], at index: Int) -> Bool {
        var start = index
        while start > 0, isDigit(bytes[start - 1]) { start -= 1 }
        if start < index, start > 0, bytes[start - 1] == UInt8(ascii: "$") { return false }
        guard index > 0 else { return false }
        return isAlphanumeric(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }
}
