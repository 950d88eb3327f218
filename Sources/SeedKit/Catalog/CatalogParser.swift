import Foundation

/// Reads the annotated SQL catalog: blocks that start with `-- name:`, then `-- expect:`,
/// `-- max_ms:`, optional `-- weight:`, `-- write` and `-- param NAME: …` lines, then the SQL;
/// a line `-- sqlite:` starts a SQLite variant of the SQL. A block whose SQL changes data must
/// say `-- write`.
public enum CatalogParser {
    /// Parses `text`; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> [CatalogQuery] {
        var queries: [CatalogQuery] = []
        var block: Block?
        for (offset, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let number = offset + 1
            if let value = directive("name", line) {
                if let block { queries.append(try block.finish(path)) }
                guard value.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) != nil else {
                    throw ConfigurationError(
                        "\(path):\(number): query name '\(value)' must be lowercase letters, digits and underscores"
                    )
                }
                block = Block(name: value, line: number)
                continue
            }
            guard block != nil else {
                if !line.isEmpty && !line.hasPrefix("--") {
                    throw ConfigurationError(
                        "\(path):\(number): SQL before the first '-- name:' line; start each query with '-- name: NAME'"
                    )
                }
                continue
            }
            try block?.add(line, raw: rawLine, number: number, path: path)
        }
        if let block { queries.append(try block.finish(path)) }
        var seen = Set<String>()
        for query in queries where !seen.insert(query.name).inserted {
            throw ConfigurationError("\(path):\(query.line): query '\(query.name)' is defined twice")
        }
        return queries
    }

    /// Reads a catalog file.
    public static func load(contentsOf url: URL) throws -> [CatalogQuery] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ConfigurationError(
                "cannot read the query catalog \(url.path); pass --catalog FILE or run from the project folder"
            )
        }
        return try parse(text, path: url.path)
    }

    /// The value of `-- key: value`, or nil.
    fileprivate static func directive(_ key: String, _ line: String) -> String? {
        let prefix = "-- \(key):"
        guard line.hasPrefix(prefix) else { return nil }
        return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
    }
}

/// A catalog block being read.
private struct Block {
    let name: String
    let line: Int
    var expectation: PlanExpectation?
    var maxMs: Double?
    var weight = 1.0
    var isWrite = false
    var parameters: [(String, CatalogQuery.Parameter)] = []
    var sql: [String] = []
    var sqlite: [String]?
    var fullScanTables: [String] = []
    /// File line numbers of the lines in `sql` and `sqlite`.
    var sqlNumbers: [Int] = []
    var sqliteNumbers: [Int] = []
    /// Where the SQL and its SQLite variant start, for messages.
    var sqlLine: Int?
    var sqliteLine: Int?

    init(name: String, line: Int) {
        self.name = name
        self.line = line
    }

    mutating func add(_ line: String, raw: String, number: Int, path: String) throws {
        func fail(_ message: String) -> ConfigurationError {
            ConfigurationError("\(path):\(number): query '\(name)': \(message)")
        }
        if let value = CatalogParser.directive("expect", line) {
            switch value {
            case "any index": expectation = .anyIndex
            case "full scan ok": expectation = .fullScanAllowed
            case "no table read": expectation = .noTableRead
            case let text where text.hasPrefix("index "):
                let names = text.dropFirst(6).split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard !names.contains(where: \.isEmpty) else {
                    throw fail("'-- expect: index' needs index names")
                }
                expectation = .index(names)
            default:
                throw fail(
                    "'-- expect:' takes 'index NAME[, NAME…]', 'any index', 'full scan ok' or 'no table read'"
                )
            }
        } else if let value = CatalogParser.directive("max_ms", line) {
            guard let ms = Double(value), ms > 0 else {
                throw fail("'-- max_ms:' must be a positive number of milliseconds")
            }
            maxMs = ms
        } else if let value = CatalogParser.directive("weight", line) {
            guard let parsed = Double(value), parsed >= 0 else {
                throw fail("'-- weight:' must be a number ≥ 0")
            }
            weight = parsed
        } else if line.hasPrefix("-- param ") {
            let body = line.dropFirst("-- param ".count)
            guard let colon = body.firstIndex(of: ":") else {
                throw fail("write '-- param NAME: \(Self.sources)")
            }
            let parameter = String(body[..<colon]).trimmingCharacters(in: .whitespaces)
            parameters.append((parameter, try Self.source(String(body[body.index(after: colon)...]), fail)))
        } else if let value = CatalogParser.directive("full scan", line) {
            let tables = value.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !tables.isEmpty, !tables.contains(where: \.isEmpty) else {
                throw fail("'-- full scan:' needs table names: '-- full scan: TABLE[, TABLE…]'")
            }
            fullScanTables += tables
        } else if line == "-- write" {
            isWrite = true
        } else if line == "-- sqlite:" {
            sqlite = []
        } else if line.hasPrefix("--") {
            return  // a comment
        } else if sqlite != nil {
            if sqliteLine == nil, !line.isEmpty { sqliteLine = number }
            sqlite?.append(raw)
            sqliteNumbers.append(number)
        } else {
            if sqlLine == nil, !line.isEmpty { sqlLine = number }
            sql.append(raw)
            sqlNumbers.append(number)
        }
    }

    static let sources = "sample TABLE.COLUMN', 'one of A, B', 'batch N of TABLE.COLUMN' or 'new uuid'"

    static func source(_ text: String, _ fail: (String) -> ConfigurationError) throws
        -> CatalogQuery.Parameter
    {
        let value = text.trimmingCharacters(in: .whitespaces)
        func column(_ text: Substring) throws -> (String, String) {
            guard let dot = text.lastIndex(of: "."), let table = SeedSchema.table(named: String(text[..<dot]))
            else {
                throw fail("'\(text)' is not TABLE.COLUMN of a seeded table")
            }
            let name = String(text[text.index(after: dot)...])
            guard table.columns.contains(where: { $0.name == name }) else {
                throw fail("\(table.name) has no column '\(name)'")
            }
            return (table.name, name)
        }
        if value.hasPrefix("sample ") {
            let (table, name) = try column(value.dropFirst(7))
            return .sample(table: table, column: name)
        }
        if value.hasPrefix("one of ") {
            let items = value.dropFirst(7).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
                throw fail("'one of' needs a list of values")
            }
            return .oneOf(items)
        }
        if value == "new uuid" { return .newUUID }
        let parts = value.split(separator: " ")
        if parts.count == 4, parts[0] == "batch", let count = Int(parts[1]), count > 0, parts[2] == "of" {
            let (table, name) = try column(parts[3])
            return .batch(count: count, table: table, column: name)
        }
        throw fail("unknown parameter source '\(value)'; use '\(sources)")
    }

    /// Where the trimmed text of `lines` is in the file: leading blank lines and the first
    /// line's indentation are trimmed off the text.
    static func sourceMap(_ lines: [String], _ numbers: [Int]) -> CatalogQuery.SourceMap {
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return CatalogQuery.SourceMap()
        }
        let indent = lines[first].prefix { $0 == " " || $0 == "\t" }.count
        return CatalogQuery.SourceMap(lines: Array(numbers[first...]), firstColumn: indent + 1)
    }

    func finish(_ path: String) throws -> CatalogQuery {
        func fail(_ message: String) -> ConfigurationError {
            ConfigurationError("\(path):\(line): query '\(name)': \(message)")
        }
        guard let expectation else { throw fail("missing '-- expect:'") }
        guard let maxMs else { throw fail("missing '-- max_ms:'") }
        let text = sql.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw fail("has no SQL") }
        let sqliteText = sqlite.map {
            $0.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let declared = Set(parameters.map(\.0))
        for variant in [text, sqliteText].compactMap({ $0 }) {
            for used in CatalogSQL.placeholders(in: variant) where !declared.contains(used) {
                throw fail("uses :\(used) but declares no '-- param \(used): …'")
            }
        }
        for name in declared where !CatalogSQL.placeholders(in: text).contains(name) {
            throw fail("declares parameter '\(name)' but the SQL never uses :\(name)")
        }
        if !isWrite {
            for (variant, start) in [(text, sqlLine), (sqliteText, sqliteLine)] {
                guard let variant, let keyword = CatalogSQL.writeKeyword(in: variant) else { continue }
                throw ConfigurationError(
                    "\(path):\(start ?? line): query '\(name)' changes data (\(keyword)) but its block has no "
                        + "'-- write' line; add '-- write' so explain and bench run it in a transaction that is "
                        + "rolled back")
            }
        }
        var query = CatalogQuery(
            name: name, expectation: expectation, maxMs: maxMs, weight: weight, isWrite: isWrite,
            parameters: parameters,
            sql: text.hasSuffix(";") ? String(text.dropLast()) : text,
            sqliteSQL: sqliteText.map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }, file: path,
            line: line)
        query.fullScanTables = fullScanTables
        query.sqlSource = Self.sourceMap(sql, sqlNumbers)
        query.sqliteSource = Self.sourceMap(sqlite ?? [], sqliteNumbers)
        return query
    }
}
