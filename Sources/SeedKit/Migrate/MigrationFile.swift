import Foundation

/// One migration file read and checked: its format, its up and down halves, and why it cannot
/// run if it cannot.
///
/// Formats, recognised by their marker lines (case-insensitive, anywhere on a line of their own):
/// - seedctl: plain SQL is all up; `-- seedctl:down` starts the down half and `-- seedctl:up`
///   may open the up half; `-- seedctl:no-transaction` before the first statement runs both
///   halves outside a transaction. Any other `-- seedctl:` directive is refused.
/// - dbmate: `-- migrate:up` and `-- migrate:down`, each optionally with `transaction:false`.
/// - goose: `-- +goose Up`, `-- +goose Down`, `-- +goose StatementBegin` … `StatementEnd`
///   (the lines between are one statement), `-- +goose NO TRANSACTION`.
struct MigrationFile: Sendable {
    let path: String
    /// The bytes as read.
    let data: Data
    let format: Migration.Format
    let up: MigrationScript
    let down: MigrationScript?
    /// The text of the up half, which the checksum covers.
    let upText: String
    let refusal: String?

    init(path: String, data: Data, dialect: Dialect) {
        self.path = path
        self.data = data
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self)
        var refusal = Self.invalidUTF8(bytes).map {
            "\(path):\($0): not valid UTF-8; save the file as UTF-8 (psql and sqlite3 refuse it too)"
        }
        var markers: [Marker] = []
        var format = Migration.Format.seedctl
        var lineStart = 0
        var lineNumber = 1
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = min(lineEnd + 1, bytes.count)
            var first = lineStart
            while first < lineEnd, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            let isComment = first + 1 < lineEnd && bytes[first] == 0x2D && bytes[first + 1] == 0x2D
            let line = isComment ? String(decoding: bytes[first..<lineEnd], as: UTF8.self) : ""
            switch isComment ? Self.marker(line) : nil {
            case .none:
                break
            case .some(.success(let (kind, transactional, lineFormat))):
                if let lineFormat { format = lineFormat }
                markers.append(Marker(kind: kind, range: lineStart..<next, transactional: transactional))
            case .some(.failure(let error)):
                refusal = refusal ?? "\(path):\(lineNumber): \(error.reason)"
            }
            lineStart = next
            lineNumber += 1
        }
        self.format = format

        // The up and down sections as byte ranges.
        let sections = markers.filter { $0.kind == .up || $0.kind == .down }
        var upRange = 0..<bytes.count
        var downRange: Range<Int>?
        var upTransactional = true
        var downTransactional = true
        for (index, marker) in sections.enumerated() {
            let end = index + 1 < sections.count ? sections[index + 1].range.lowerBound : bytes.count
            let range = marker.range.upperBound..<end
            if sections[..<index].contains(where: { $0.kind == marker.kind }) {
                refusal = refusal ?? "\(path): more than one \(marker.kind) section; keep one"
            }
            if marker.kind == .up {
                upRange = range
                upTransactional = marker.transactional
            } else {
                downRange = range
                downTransactional = marker.transactional
                if !sections.contains(where: { $0.kind == .up }) { upRange = 0..<marker.range.lowerBound }
            }
        }
        if let first = sections.first, sections.contains(where: { $0.kind == .up }),
            first.range.lowerBound > 0,
            let stray = StatementSplitter.split(
                StatementSplitter.text(bytes, 0..<first.range.lowerBound), dialect: dialect
            ).first
        {
            let location = SourceLocation(utf8Offset: stray.offset, in: text)
            refusal =
                refusal ?? "\(path):\(location): SQL before the up section's marker; move it into a section"
        }
        let noTransaction = markers.first { $0.kind == .noTransaction }
        if let noTransaction {
            upTransactional = false
            downTransactional = false
            if format == .seedctl,
                let first = StatementSplitter.split(text, dialect: dialect).first,
                first.offset < noTransaction.range.lowerBound
            {
                let line = SourceLocation(utf8Offset: noTransaction.range.lowerBound, in: text).line
                refusal =
                    refusal
                    ?? "\(path):\(line): '-- seedctl:no-transaction' must come before the first statement; move it to the top of the file"
            }
        }

        func script(_ range: Range<Int>, transactional: Bool) -> (MigrationScript, String?) {
            let blocks = markers.filter {
                ($0.kind == .statementBegin || $0.kind == .statementEnd)
                    && range.contains($0.range.lowerBound)
            }
            var statements: [StatementSplitter.Statement] = []
            var problem: String?
            var position = range.lowerBound
            var openBlock: Marker?
            for block in blocks {
                if block.kind == .statementBegin, openBlock == nil {
                    statements += Self.split(bytes, position..<block.range.lowerBound, dialect: dialect)
                    openBlock = block
                } else if block.kind == .statementEnd, let begin = openBlock {
                    let body = begin.range.upperBound..<block.range.lowerBound
                    statements += Self.whole(bytes, body)
                    openBlock = nil
                } else {
                    let line = SourceLocation(utf8Offset: block.range.lowerBound, in: text).line
                    problem = problem ?? "\(path):\(line): unbalanced '-- +goose Statement…' annotation"
                }
                position = block.range.upperBound
            }
            if let openBlock {
                let line = SourceLocation(utf8Offset: openBlock.range.lowerBound, in: text).line
                problem = problem ?? "\(path):\(line): '-- +goose StatementBegin' without StatementEnd"
            }
            statements += Self.split(bytes, position..<range.upperBound, dialect: dialect)
            var kept: [StatementSplitter.Statement] = []
            for statement in statements {
                if statement.kind == .metaCommand {
                    let command = statement.sql.prefix { !$0.isWhitespace }
                    if command == "\\restrict" || command == "\\unrestrict" { continue }
                    let location = SourceLocation(utf8Offset: statement.offset, in: text)
                    problem =
                        problem
                        ?? "\(path):\(location): psql meta-command '\(command)' is not SQL and seedctl does not run it; remove the line (pg_dump's \\restrict and \\unrestrict are skipped, COPY … FROM stdin data is loaded)"
                    continue
                }
                kept.append(statement)
            }
            if transactional {
                let (inner, controlProblem) = Self.ownTransaction(
                    kept, text: text, path: path, dialect: dialect)
                kept = inner
                problem = problem ?? controlProblem
            }
            return (
                MigrationScript(path: path, text: text, statements: kept, runsInTransaction: transactional),
                problem
            )
        }

        let (upScript, upProblem) = script(upRange, transactional: upTransactional)
        up = upScript
        upText = StatementSplitter.text(bytes, upRange)
        if let downRange {
            let (downScript, downProblem) = script(downRange, transactional: downTransactional)
            down = downScript
            refusal = refusal ?? upProblem ?? downProblem
        } else {
            down = nil
            refusal = refusal ?? upProblem
        }
        if upScript.isEmpty {
            refusal =
                refusal
                ?? "\(path): has no SQL to apply (only comments or whitespace); write the migration or delete the file"
        }
        self.refusal = refusal
    }

    private static func split(_ bytes: [UInt8], _ range: Range<Int>, dialect: Dialect)
        -> [StatementSplitter.Statement]
    {
        guard !range.isEmpty else { return [] }
        return StatementSplitter.split(StatementSplitter.text(bytes, range), dialect: dialect).map {
            var statement = $0
            statement.offset += range.lowerBound
            return statement
        }
    }

    /// A goose `StatementBegin … StatementEnd` body: one statement, surrounding whitespace trimmed.
    private static func whole(_ bytes: [UInt8], _ range: Range<Int>) -> [StatementSplitter.Statement] {
        var start = range.lowerBound
        var end = range.upperBound
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0C]
        while start < end, space.contains(bytes[start]) { start += 1 }
        while end > start, space.contains(bytes[end - 1]) { end -= 1 }
        guard start < end else { return [] }
        return [.init(sql: StatementSplitter.text(bytes, start..<end), offset: start)]
    }

    /// The 1-based line of the first byte that is not valid UTF-8, nil when all are.
    static func invalidUTF8(_ bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1
        var lineStart = 0
        for index in bytes.indices where bytes[index] == 0x0A || index == bytes.count - 1 {
            let end = bytes[index] == 0x0A ? index : index + 1
            if String(validating: bytes[lineStart..<end], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return nil
    }
}
