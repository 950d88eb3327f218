/// The parts of psql's lexer (psqlscan.l) that decide where a statement ends.
struct PostgresLexer {
    let bytes: [UInt8]

    /// State of the statement being read, reset after each one as `psql_scan_reset` does.
    private struct Scan {
        var codeStart: Int?
        var parenDepth = 0
        var beginDepth = 0
        /// First letters of the leading `create`/`or`/`replace`/`function`/`procedure` words.
        var leading: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var identifierCount = 0
        /// To recognise `COPY … FROM stdin`.
        var startsWithCopy = false
        var previousIsFrom = false
        var fromStdin = false
    }

    func split() -> [StatementSplitter.Statement] {
        var statements: [StatementSplitter.Statement] = []
        var scan = Scan()
        var index = 0

        func finish(_ end: Int) {
            if let begin = scan.codeStart {
                statements.append(.init(sql: StatementSplitter.text(bytes, begin..<end), offset: begin))
            }
        }

        while index < bytes.count {
            let byte = bytes[index]
            let following: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
                index += 1
            case UInt8(ascii: "-") where following == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "/") where following == UInt8(ascii: "*"):
                index = skipNestedComment(from: index)
            case UInt8(ascii: "\\"):
                // A meta-command ends the statement being read (psql would keep it buffered).
                finish(index)
                scan = Scan()
                var end = index
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var text = end
                if text > index, bytes[text - 1] == 0x0D { text -= 1 }
                statements.append(
                    .init(kind: .metaCommand, sql: StatementSplitter.text(bytes, index..<text), offset: index)
                )
                index = end
            case UInt8(ascii: ";"):
                index += 1
                guard scan.parenDepth == 0, scan.beginDepth == 0 else {
                    if scan.codeStart == nil { scan.codeStart = index - 1 }
                    continue
                }
                finish(index)
                let copies = scan.codeStart != nil && scan.fromStdin && scan.startsWithCopy
                scan = Scan()
                if copies { index = copyData(after: index, into: &statements) }
            default:
                if scan.codeStart == nil { scan.codeStart = index }
                index = token(at: index, scan: &scan)
            }
        }
        finish(bytes.count)
        return statements
    }

    /// Reads one non-trivia token at `index`, updating depths and words; returns the index after it.
    private func token(at index: Int, scan: inout Scan) -> Int {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "'"):
            return skipQuoted(from: index, quote: byte, backslashEscapes: false)
        case UInt8(ascii: "\""):
            return skipQuoted(from: index, quote: byte, backslashEscapes: false)
        case UInt8(ascii: "("):
            scan.parenDepth += 1
            return index + 1
        case UInt8(ascii: ")"):
            if scan.parenDepth > 0 { scan.parenDepth -= 1 }
            return index + 1
        case UInt8(ascii: "$"):
            return skipDollar(from: index)
        default:
            if isDigit(byte) {
                var end = index + 1
                while end < bytes.count, isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
                return end
            }
            guard isIdentifierStart(byte) else { return index + 1 }
            var end = index + 1
            while end < bytes.count,
                isIdentifierStart(bytes[end]) || isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "$")
            {
                end += 1
            }
            if end == index + 1, byte | 0x20 == UInt8(ascii: "e"), end < bytes.count,
                bytes[end] == UInt8(ascii: "'")
            {
                return skipQuoted(from: end, quote: UInt8(ascii: "'"), backslashEscapes: true)
            }
            identifier(index..<end, scan: &scan)
            return end
        }
    }

    /// psqlscan.l's BEGIN … END tracking inside `CREATE [OR REPLACE] {FUNCTION|PROCEDURE}`.
    private func identifier(_ range: Range<Int>, scan: inout Scan) {
        func isWord(_ word: StaticString) -> Bool {
            guard range.count == word.utf8CodeUnitCount else { return false }
            return word.withUTF8Buffer { letters in
                zip(bytes[range], letters).allSatisfy { ($0 | 0x20) == $1 }
            }
        }
        if scan.identifierCount == 0 { scan.startsWithCopy = isWord("copy") }
        if scan.previousIsFrom, isWord("stdin") { scan.fromStdin = true }
        scan.previousIsFrom = isWord("from")
        if scan.identifierCount < 4 {
            let tracked =
                isWord("create") || isWord("function") || isWord("procedure") || isWord("or")
                || isWord("replace")
            let letter = tracked ? bytes[range.lowerBound] | 0x20 : 0
            switch scan.identifierCount {
            case 0: scan.leading.0 = letter
            case 1: scan.leading.1 = letter
            case 2: scan.leading.2 = letter
            default: scan.leading.3 = letter
            }
        }
        scan.identifierCount += 1
        let letters = scan.leading
        let isRoutine =
            letters.0 == UInt8(ascii: "c")
            && (letters.1 == UInt8(ascii: "f") || letters.1 == UInt8(ascii: "p")
                || (letters.1 == UInt8(ascii: "o") && letters.2 == UInt8(ascii: "r")
                    && (letters.3 == UInt8(ascii: "f") || letters.3 == UInt8(ascii: "p"))))
        guard isRoutine, scan.parenDepth == 0 else { return }
        if isWord("begin") {
            scan.beginDepth += 1
        } else if isWord("case") {
            if scan.beginDepth >= 1 { scan.beginDepth += 1 }
        } else if isWord("end") {
            if scan.beginDepth > 0 { scan.beginDepth -= 1 }
        }
    }

    /// Yields the data block after `COPY … FROM stdin;`: from the next line to the `\.` line
    /// (or the end of the script); returns the index after the `\.` line.
    private func copyData(after index: Int, into statements: inout [StatementSplitter.Statement]) -> Int {
        var start = index
        while start < bytes.count, bytes[start] != 0x0A { start += 1 }
        start = min(start + 1, bytes.count)
        var line = start
        while line < bytes.count {
            var end = line
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let content = bytes[line..<end].last == 0x0D ? line..<(end - 1) : line..<end
            if Array(bytes[content]) == [UInt8(ascii: "\\"), UInt8(ascii: ".")] {
                statements.append(
                    .init(kind: .copyData, sql: StatementSplitter.text(bytes, start..<line), offset: start))
                return min(end + 1, bytes.count)
            }
            line = end + 1
        }
        statements.append(
            .init(kind: .copyData, sql: StatementSplitter.text(bytes, start..<bytes.count), offset: start))
        return bytes.count
    }

    private func skipNestedComment(from start: Int) -> Int {
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

    private func skipQuoted(from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
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

    /// `$tag$ … $tag$` (tag not starting with a digit), or a `$1` parameter, or a lone `$`.
    private func skipDollar(from start: Int) -> Int {
        var end = start + 1
        if end < bytes.count, isDigit(bytes[end]) {
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            return end
        }
        while end < bytes.count, isIdentifierStart(bytes[end]) || isDigit(bytes[end]) { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "$") else { return start + 1 }
        let tag = Array(bytes[start...end])
        var index = end + 1
        while index + tag.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index..<index + tag.count].elementsEqual(tag) {
                return index + tag.count
            }
            index += 1
        }
        return bytes.count
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}
