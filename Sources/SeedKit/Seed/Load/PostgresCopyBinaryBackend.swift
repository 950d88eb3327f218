/// Loads into PostgreSQL with `COPY … FROM STDIN (FORMAT binary)`: the server skips parsing
/// text (about 45% of its COPY time on the seeded tables). Everything around the COPYs (keys,
/// indexes and foreign keys dropped and rebuilt, `COPY FREEZE`, ANALYZE) is
/// `PostgresCopyTextBackend`'s.
///
/// The live column types are read from `pg_attribute` once per run (in `prepare`): a table with
/// a seeded column that is not of the type `BinaryCopyEncoder` writes for it (a later migration
/// made it an enum, a domain, a `varchar(n)`, a `bigint` …) is loaded with COPY text instead,
/// its chunks rewritten by `BinaryCopyTextRewriter`, and `finish` says so once.
final class PostgresCopyBinaryBackend: SeedLoadBackend {
    typealias Encoder = BinaryCopyEncoder

    static let chunkCapacity = PostgresCopyTextBackend.chunkCapacity
    static let aheadBytes = 8 << 20

    private let postgres: PostgresConnection
    private let text: PostgresCopyTextBackend
    /// Whether COPY may write rows frozen; `prepare` sets it, `--jobs` sets it for shadow
    /// tables created in the same transaction.
    var freeze = false
    /// The table each seeded table's COPY writes into: itself, or (`--jobs`) its shadow table.
    var target: (SeededTable) -> String = { $0.physicalName(.postgres) }
    /// Per table name, the seeded columns whose live type binary COPY does not encode, with
    /// that type; nil until read.
    private var unknownColumns: [String: [(column: String, type: String)]]?
    /// Per table name, how many columns the type check covered (a migration's added columns
    /// and the specs' new tables are checked when their COPY starts).
    private var checkedColumns: [String: Int] = [:]

    init(connection: PostgresConnection) {
        postgres = connection
        text = PostgresCopyTextBackend(connection: connection)
    }

    var connection: any Connection { postgres }

    var emptiesTablesInTransaction: Bool { text.emptiesTablesInTransaction }

    func inLoadTransaction<T>(_ body: () throws -> T) throws -> T {
        try text.inLoadTransaction(body)
    }

    func prepare(tablesEmptied: Bool, newTables: [String]) throws {
        freeze = tablesEmptied
        try readColumnTypes(of: SeedSchema.tables)
        try text.prepare(tablesEmptied: tablesEmptied, newTables: newTables)
    }

    /// The tables that load through COPY text, with the columns that send them there.
    var textTables: [String: [(column: String, type: String)]] { unknownColumns ?? [:] }

    func writing(_ table: SeededTable, _ body: (WriteChunk) throws -> Void) throws {
        if unknownColumns == nil || checkedColumns[table.name] != table.columns.count {
            try readColumnTypes(of: [table])
        }
        let columns = table.columns.map(\.name).joined(separator: ", ")
        if textTables[table.name] != nil {
            let rewriter = BinaryCopyTextRewriter(columns: table.columns)
            let options = freeze ? " WITH (FREEZE)" : ""
            let sql = "COPY \(target(table)) (\(columns)) FROM STDIN\(options)"
            try postgres.copy(sql) { writer in
                try body { try writer.send(try rewriter.text(of: $0)) }
            }
            return
        }
        let options = freeze ? "FORMAT binary, FREEZE" : "FORMAT binary"
        let sql = "COPY \(target(table)) (\(columns)) FROM STDIN WITH (\(options))"
        try postgres.copy(sql) { writer in
            try writer.send(BinaryCopyEncoder.header)
            try body { try writer.send($0) }
            try writer.send(BinaryCopyEncoder.trailer)
        }
    }

    func finish(onEvent: (SeedEvent) -> Void) throws {
        let order = SeedSchema.tables.map(\.name)
        for table in textTables.keys.sorted(by: {
            (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1)
        }) {
            guard let columns = textTables[table] else { continue }
            let list = columns.map { "\($0.column) is \($0.type)" }.joined(separator: ", ")
            onEvent(.notice("\(table) loaded with COPY text, not binary (\(list))"))
        }
        try text.finish(onEvent: onEvent)
    }

    func analyze() throws {
        try text.analyze()
    }

    /// The built-in type each logical column type is encoded as (`pg_type` OIDs are fixed for
    /// built-in types).
    static func typeOID(_ type: ColumnType) -> Int64 {
        switch type {
        case .uuid: 2950
        case .text: 25
        case .integer: 23
        case .real: 701
        case .boolean: 16
        case .timestamp: 1184
        case .json: 3802
        }
    }

    /// Reads the live type of every seeded column in one query and records the tables with a
    /// column binary COPY does not encode.
    private func readColumnTypes(of tables: [SeededTable]) throws {
        let names = tables.map { "'\($0.physicalName(.postgres))'" }.joined(separator: ",")
        let rows = try postgres.query(
            """
            SELECT t.ordinality - 1 AS position, a.attname AS column, a.atttypid::int8 AS type,
                   format_type(a.atttypid, a.atttypmod) AS declared
            FROM unnest(ARRAY[\(names)]::regclass[]) WITH ORDINALITY AS t(rel, ordinality)
            JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
            """)
        var live: [Int: [String: (oid: Int64, declared: String)]] = [:]
        for row in rows {
            guard let position = row["position"].int, let column = row["column"].string else { continue }
            live[Int(position), default: [:]][column] = (row["type"].int ?? 0, row["declared"].string ?? "?")
        }
        var unknown = unknownColumns ?? [:]
        for (position, table) in tables.enumerated() {
            unknown[table.name] = nil
            checkedColumns[table.name] = table.columns.count
            for column in table.columns {
                let found = live[position]?[column.name]
                guard found?.oid != Self.typeOID(column.type) else { continue }
                unknown[table.name, default: []].append((column.name, found?.declared ?? "missing"))
            }
        }
        unknownColumns = unknown
    }
}
