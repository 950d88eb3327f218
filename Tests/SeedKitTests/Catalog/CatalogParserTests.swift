import Foundation
import Testing

@testable import SeedKit

@Suite struct CatalogParserTests {
    static let valid = """
        -- a comment before the first block
        -- name: sessions_by_status
        -- expect: index idx_session_status_created, idx_other
        -- max_ms: 50
        -- weight: 5
        -- param status: one of in_progress, completed
        SELECT id FROM tech_spec_sessions WHERE status = :status AND created_at > '2020-01-01'::timestamptz;

        -- name: batch
        -- expect: any index
        -- max_ms: 150
        -- param ids: batch 50 of tech_spec_sessions.id
        -- param job: sample shared.design_jobs.id
        SELECT s.id FROM tech_spec_sessions s JOIN shared.design_jobs j ON j.id = s.design_job_id
        WHERE s.id IN (:ids) AND j.id = :job;
        -- sqlite:
        SELECT s.id FROM tech_spec_sessions s JOIN shared.design_jobs j ON j.id = s.design_job_id
        WHERE s.id IN (:ids) AND j.id = :job AND 1 = 1;

        -- name: counts
        -- expect: full scan ok
        -- max_ms: 50
        SELECT status, count(*) FROM tech_spec_sessions GROUP BY status
        """

    @Test func parsesBlocks() throws {
        let queries = try CatalogParser.parse(Self.valid, path: "c.sql")
        #expect(queries.map(\.name) == ["sessions_by_status", "batch", "counts"])
        #expect(queries[0].expectation == .index(["idx_session_status_created", "idx_other"]))
        #expect(queries[0].maxMs == 50 && queries[0].weight == 5 && queries[0].line == 2)
        #expect(queries[0].parameters.first?.source == .oneOf(["in_progress", "completed"]))
        #expect(queries[1].expectation == .anyIndex)
        #expect(
            queries[1].parameters.map(\.source) == [
                .batch(count: 50, table: "tech_spec_sessions", column: "id"),
                .sample(table: "shared.design_jobs", column: "id"),
            ])
        #expect(queries[1].sqliteSQL?.hasSuffix("AND 1 = 1") == true)
        #expect(queries[2].expectation == .fullScanAllowed && queries[2].weight == 1)
    }

    @Test func compilesPlaceholdersPerDialect() throws {
        let queries = try CatalogParser.parse(Self.valid, path: "c.sql")
        let (postgres, order) = queries[1].compiled(for: .postgres)
        #expect(order == ["ids", "job"])
        #expect(
            postgres
                == "/* seedctl:batch */ SELECT s.id FROM tech_spec_sessions s JOIN shared.design_jobs j ON j.id = s.design_job_id\nWHERE s.id = ANY($1) AND j.id = $2"
        )
        let (sqlite, _) = queries[1].compiled(for: .sqlite)
        #expect(sqlite.contains("JOIN shared_design_jobs j"))
        #expect(sqlite.contains("IN (SELECT value FROM json_each($1)) AND j.id = $2 AND 1 = 1"))
        let (cast, castOrder) = queries[0].compiled(for: .postgres)
        #expect(castOrder == ["status"])
        #expect(cast.contains("status = $1 AND created_at > '2020-01-01'::timestamptz"))
    }

    @Test(arguments: [
        ("-- name: q\n-- max_ms: 5\nSELECT 1", "c.sql:1: query 'q': missing '-- expect:'"),
        ("-- name: q\n-- expect: index a\nSELECT 1", "c.sql:1: query 'q': missing '-- max_ms:'"),
        (
            "-- name: q\n-- expect: index a\n-- max_ms: 5\nSELECT :x",
            "uses :x but declares no '-- param x: …'"
        ),
        (
            "-- name: q\n-- expect: index a\n-- max_ms: 5\n-- param x: one of a\nSELECT 1",
            "declares parameter 'x' but the SQL never uses :x"
        ),
        ("-- name: q\n-- expect: maybe\n-- max_ms: 5\nSELECT 1", "c.sql:2: query 'q': '-- expect:'"),
        ("-- name: q\n-- expect: any index\n-- max_ms: soon\nSELECT 1", "c.sql:3: query 'q': '-- max_ms:'"),
        (
            "-- name: q\n-- expect: any index\n-- max_ms: 5\n-- param x: sample nosuch.id\nSELECT :x",
            "c.sql:4: query 'q': 'nosuch.id' is not TABLE.COLUMN"
        ),
        (
            "-- name: q\n-- expect: any index\n-- max_ms: 5\n-- param x: sample patterns.nope\nSELECT :x",
            "patterns has no column 'nope'"
        ),
        (
            "-- name: q\n-- expect: any index\n-- max_ms: 5\n-- param x: random\nSELECT :x",
            "unknown parameter source 'random'"
        ),
        ("SELECT 1", "c.sql:1: SQL before the first '-- name:' line"),
        ("-- name: Bad-Name\n", "c.sql:1: query name 'Bad-Name'"),
        (
            "-- name: q\n-- expect: any index\n-- max_ms: 5\nSELECT 1\n-- name: q\n-- expect: any index\n-- max_ms: 5\nSELECT 2",
            "c.sql:5: query 'q' is defined twice"
        ),
    ])
    func malformedBlocksNameFileLineAndQuery(text: String, expected: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try CatalogParser.parse(text, path: "c.sql")
        }
        #expect(error.description.contains(expected), "\(error.description)")
    }

    // MARK: Writes

    static let writes = """
        -- name: record_error
        -- write
        -- expect: no table read
        -- max_ms: 20
        -- param id: new uuid
        -- param session_id: sample tech_spec_sessions.id
        INSERT INTO tech_error_logs (id, session_id, error_type, message, created_at)
        VALUES (:id, :session_id, 'ToolCallError', 'boom', now());

        -- name: read
        -- expect: any index
        -- max_ms: 5
        SELECT id FROM tech_error_logs WHERE id = 'x'
        """

    @Test func aWriteLineMarksTheBlockAndANewUUIDParameterParses() throws {
        let queries = try CatalogParser.parse(Self.writes, path: "c.sql")
        #expect(queries.map(\.isWrite) == [true, false])
        #expect(queries[0].expectation == .noTableRead)
        #expect(
            queries[0].parameters.map(\.source) == [
                .newUUID, .sample(table: "tech_spec_sessions", column: "id"),
            ])
        #expect(queries[0].compiled(for: .postgres).order == ["id", "session_id"])
        // == compares the flag: the same block without '-- write' (a read, so it parses) differs.
        let insert = "INSERT INTO tech_error_logs (id, session_id, error_type, message, created_at)\nVALUES"
        let read = Self.writes.replacingOccurrences(of: insert, with: "SELECT")
        let unmarked = try CatalogParser.parse(
            read.replacingOccurrences(of: "-- write\n", with: ""), path: "c.sql")
        let marked = try CatalogParser.parse(read, path: "c.sql")
        #expect(marked[0].isWrite && !unmarked[0].isWrite)
        #expect(marked[0] != unmarked[0])
        #expect(marked[1] == unmarked[1])
    }

    @Test(
        arguments: [
            ("INSERT INTO t (a) VALUES (1)", 4, "INSERT"),
            ("update tech_spec_sessions SET status = 'paused' WHERE id = '1'", 4, "UPDATE"),
            ("\n/* prune */ Delete FROM tech_error_logs", 5, "DELETE"),
            (
                "-- a comment line\nWITH gone AS (DELETE FROM t RETURNING id)\nSELECT count(*) FROM gone", 5,
                "DELETE"
            ),
            (
                "with recursive g(n) as (select 1 union all select n + 1 from g where n < 9)\ninsert into t select n from g",
                4, "INSERT"
            ),
            ("SELECT 1\n-- sqlite:\nUPDATE t SET a = 1", 6, "UPDATE"),
        ] as [(String, Int, String)])
    func aBlockThatChangesDataWithoutWriteIsRefused(sql: String, line: Int, keyword: String) throws {
        let text = "-- name: q\n-- expect: any index\n-- max_ms: 5\n" + sql
        let error = try #require(throws: ConfigurationError.self) {
            try CatalogParser.parse(text, path: "c.sql")
        }
        #expect(
            error.description == "c.sql:\(line): query 'q' changes data (\(keyword)) but its block has no "
                + "'-- write' line; add '-- write' so explain and bench run it in a transaction that is rolled back"
        )
        #expect(!error.description.contains("\n"))
        let marked = text.replacingOccurrences(of: "-- max_ms: 5", with: "-- max_ms: 5\n-- write")
        #expect(try CatalogParser.parse(marked, path: "c.sql")[0].isWrite)
    }

    @Test func theDefaultCatalogParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "Seeds/catalog.sql")
        let queries = try CatalogParser.load(contentsOf: url)
        #expect(queries.count == 21)
        #expect(queries.filter { $0.expectation == .fullScanAllowed }.map(\.name) == ["status_counts"])
        #expect(
            queries.filter(\.isWrite).map(\.name) == [
                "create_conversation_turn", "update_session_progress", "record_error", "delete_error_log",
                "bulk_insert_error_logs",
            ])
        for query in queries {
            let variants = [query.sql, query.sqliteSQL].compactMap { $0 }
            #expect(
                variants.contains { CatalogSQL.writeKeyword(in: $0) != nil } == query.isWrite, "\(query.name)"
            )
        }
        // Reads dominate a bench mix; the bulk insert is the rarest query.
        let writes = queries.filter(\.isWrite).map(\.weight).reduce(0, +)
        #expect(writes * 10 < queries.map(\.weight).reduce(0, +))
        #expect(queries.map(\.weight).min() == queries.first { $0.name == "bulk_insert_error_logs" }?.weight)
    }
}

/// `-- full scan:` and mapping an error position in the SQL sent back to the catalog file.
@Suite struct CatalogSourceTests {
    static let text = """
        -- name: joined
        -- expect: index idx_session_status_created
        -- full scan: shared.design_jobs, tech_research
        -- max_ms: 50
        -- param ids: batch 5 of tech_spec_sessions.id
        -- param status: one of paused
        SELECT s.id FROM tech_spec_sessions s JOIN shared.design_jobs j ON j.id = s.design_job_id
          -- a comment line
        WHERE s.id IN (:ids) AND s.status = :status ORDER status;
        """

    @Test func fullScanListsTables() throws {
        let query = try #require(try CatalogParser.parse(Self.text, path: "c.sql").first)
        #expect(query.fullScanTables == ["shared.design_jobs", "tech_research"])
        #expect(throws: ConfigurationError.self) {
            try CatalogParser.parse(
                Self.text.replacingOccurrences(of: "tech_research", with: ""), path: "c.sql")
        }
    }

    @Test(arguments: [Dialect.postgres, .sqlite])
    func anOffsetInTheCompiledSQLIsItsPlaceInTheFile(dialect: Dialect) throws {
        let query = try #require(try CatalogParser.parse(Self.text, path: "c.sql").first)
        let sql = query.compiled(for: dialect).sql
        // "status" after ORDER: file line 9, column 51, whatever the placeholders became.
        let range = try #require(sql.range(of: "ORDER status"))
        let offset = sql.utf8.distance(from: sql.startIndex, to: range.lowerBound) + "ORDER ".utf8.count
        #expect(
            query.sourceLocation(ofCompiledOffset: offset, dialect: dialect)
                == SourceLocation(line: 9, column: 51))
        // The tag the compiler adds in front maps to the start of the SQL.
        #expect(
            query.sourceLocation(ofCompiledOffset: 3, dialect: dialect) == SourceLocation(line: 7, column: 1))
    }
}
