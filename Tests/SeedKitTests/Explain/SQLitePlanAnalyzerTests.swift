import Foundation
import Testing

@testable import SeedKit

/// Plans come from the real SQLite library: a fresh database with the seedctl schema, no rows.
struct SQLitePlanAnalyzerTests {
    // MARK: Real plans, judged

    @Test(arguments: [
        (
            "SELECT * FROM tech_spec_sessions WHERE id = $1", "tech_spec_sessions_pkey",
            "SEARCH tech_spec_sessions USING INDEX tech_spec_sessions_pkey (id=?)"
        ),
        (
            "SELECT id, status, created_at FROM tech_spec_sessions WHERE status = $1 ORDER BY created_at DESC LIMIT 50",
            "idx_session_status_created",
            "SEARCH tech_spec_sessions USING INDEX idx_session_status_created (status=?)"
        ),
        (
            "SELECT * FROM tech_conversations WHERE session_id = $1 ORDER BY created_at DESC LIMIT 50",
            "idx_conversation_session_timestamp",
            "SEARCH tech_conversations USING INDEX idx_conversation_session_timestamp (session_id=?)"
        ),
    ])
    func searchUsingTheExpectedIndexPasses(sql: String, index: String, detail: String) throws {
        let verdict = try judge(sql, .index([index]))
        #expect(verdict.kind == .pass)
        #expect(verdict.indexUsed == index)
        #expect(verdict.message == detail)
        #expect(verdict.nodeTypes == [detail])
    }

    @Test func searchUsingAnotherIndexFails() throws {
        let verdict = try judge(
            "SELECT * FROM tech_spec_sessions WHERE id = $1", .index(["idx_session_status_created"]))
        #expect(verdict.kind == .fail)
        #expect(
            verdict.message == "expected index idx_session_status_created, used tech_spec_sessions_pkey")
    }

    @Test func aggregateWithFullScanAllowedPasses() throws {
        let verdict = try judge(
            "SELECT status, count(*) FROM tech_spec_sessions GROUP BY status", .fullScanAllowed)
        #expect(verdict.kind == .pass)
        #expect(verdict.message == "full scan allowed")
        #expect(verdict.indexUsed == "idx_session_status_created")
        #expect(
            verdict.nodeTypes == ["SCAN tech_spec_sessions USING COVERING INDEX idx_session_status_created"])
    }

    @Test func orderedScanOfAnUnfilteredTablePasses() throws {
        let sql = "SELECT id FROM patterns ORDER BY wilson_score DESC LIMIT 20"
        let verdict = try judge(sql, .index(["idx_patterns_wilson"]))
        #expect(verdict.kind == .pass)
        #expect(verdict.indexUsed == "idx_patterns_wilson")
        #expect(verdict.nodeTypes == ["SCAN patterns USING INDEX idx_patterns_wilson"])
        #expect(try judge(sql, .anyIndex).kind == .pass)
    }

    @Test func scanOfAPartialIndexServesItsFilter() throws {
        let sql = "SELECT id FROM tech_error_logs WHERE NOT recovered ORDER BY created_at DESC LIMIT 50"
        let index = "idx_tech_error_logs_created_at_unrecovered"
        let verdict = try withSchema { connection in
            let partial = try connection.query(
                "SELECT name FROM pragma_index_list('tech_error_logs') WHERE partial = 1"
            )
            .compactMap(\.["name"].string)
            #expect(partial == [index])
            return try judge(sql, .index([index]), partialIndexes: Set(partial), on: connection)
        }
        #expect(verdict.kind == .pass)
        #expect(verdict.indexUsed == index)
        #expect(verdict.nodeTypes == ["SCAN tech_error_logs USING INDEX \(index)"])
        // Without knowing the index is partial, the filtered scan is the unserved-WHERE case.
        #expect(try judge(sql, .index([index])).kind == .fail)
    }

    @Test func aliasesAreMappedBackToTables() throws {
        let sql =
            "SELECT s.id, j.title FROM tech_spec_sessions s JOIN shared_design_jobs j ON j.id = s.design_job_id "
            + "WHERE s.id = $1"
        let plan = try withSchema { try explain(sql, on: $0) }
        #expect(plan.children.map(\.relation) == ["tech_spec_sessions", "shared_design_jobs"])
        #expect(plan.children.map(\.alias) == ["s", "j"])
        let verdict = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: .index(["tech_spec_sessions_pkey"]), tableRows: [:])
        #expect(verdict.kind == .pass)
        #expect(verdict.indexUsed == "tech_spec_sessions_pkey")
        #expect(
            verdict.message == "SEARCH tech_spec_sessions AS s USING INDEX tech_spec_sessions_pkey (id=?)")
        #expect(
            verdict.nodeTypes == [
                "SEARCH s USING INDEX tech_spec_sessions_pkey (id=?)",
                "SEARCH j USING INDEX design_jobs_pkey (id=?)",
            ])
    }

    @Test func fullTableScanAfterTheIndexIsDroppedFails() throws {
        let sql =
            "SELECT id, status, created_at FROM tech_spec_sessions WHERE status = $1 ORDER BY created_at DESC LIMIT 50"
        let (plan, rows) = try withSchema { connection in
            try connection.execute(script: "DROP INDEX idx_session_status_created")
            let count = try #require(
                connection.query("SELECT count(*) AS n FROM tech_spec_sessions").first?["n"].int)
            return (try explain(sql, on: connection), Int(count))
        }
        #expect(plan.children.map(\.nodeType) == ["SCAN tech_spec_sessions", "USE TEMP B-TREE FOR ORDER BY"])
        let expectation = PlanExpectation.index(["idx_session_status_created"])
        let empty = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: expectation, tableRows: ["tech_spec_sessions": rows])
        #expect(empty.kind == .fail)
        #expect(empty.indexUsed == nil)
        #expect(
            empty.message == "SCAN tech_spec_sessions (empty table: seed it first): full table scan, "
                + "expected index idx_session_status_created")
        let seeded = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: expectation, tableRows: ["tech_spec_sessions": 1200])
        // Below the small-table size a full read is a 'small table' verdict, at or above it a failure.
        #expect(seeded.kind == .smallTable)
        #expect(
            seeded.message
                == "SCAN tech_spec_sessions (1,200 rows): too small for an index to pay off; seed a larger profile (e.g. --profile default)"
        )
        let large = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: expectation, tableRows: ["tech_spec_sessions": 10_000])
        #expect(large.kind == .fail)
        #expect(
            large.message
                == "SCAN tech_spec_sessions (10,000 rows) reads the whole table: full table scan — expected index idx_session_status_created"
        )
        #expect(
            SQLitePlanAnalyzer.verdict(plan: plan, expectation: .anyIndex, tableRows: [:]).message
                == "SCAN tech_spec_sessions reads the whole table: full table scan — expected an index")
    }

    @Test func orderedScanOfAFilteredTableFails() throws {
        let sql =
            "SELECT id FROM tech_conversations WHERE role = 'system' ORDER BY session_id, created_at LIMIT 20"
        let index = "idx_conversation_session_timestamp"
        let verdict = try judge(sql, .index([index]))
        #expect(verdict.nodeTypes == ["SCAN tech_conversations USING INDEX \(index)"])
        #expect(verdict.kind == .fail)
        #expect(verdict.indexUsed == index)
        #expect(
            verdict.message
                == "SCAN tech_conversations USING INDEX \(index) reads the whole index: the WHERE is not served by it — expected index \(index)"
        )
    }

    @Test func automaticIndexFails() throws {
        let sql =
            "SELECT * FROM tech_research r JOIN tech_error_logs e ON e.error_type = r.technology_category"
        let verdict = try judge(sql, .anyIndex)
        #expect(verdict.nodeTypes == ["SCAN r", "SEARCH e USING AUTOMATIC COVERING INDEX (error_type=?)"])
        #expect(verdict.kind == .fail)
        #expect(verdict.indexUsed == nil)
        #expect(
            verdict.message.hasPrefix(
                "SEARCH tech_error_logs AS e USING AUTOMATIC COVERING INDEX (error_type=?) reads the whole table: "
                    + "SQLite builds a temporary index over every row of tech_error_logs on each execution"
            ), "\(verdict.message)")
    }

    @Test func subqueriesNestUnderTheirParents() throws {
        let sql =
            "SELECT (SELECT count(*) FROM tech_research r WHERE r.session_id = s.id) FROM tech_spec_sessions s "
            + "WHERE s.id IN (SELECT session_id FROM tech_error_logs)"
        let plan = try withSchema { try explain(sql, on: $0) }
        #expect(
            SQLitePlanAnalyzer.render(plan) == """
                QUERY PLAN
                  -> SEARCH s USING COVERING INDEX tech_spec_sessions_pkey (id=?)
                  -> LIST SUBQUERY 2
                    -> SCAN tech_error_logs USING COVERING INDEX idx_tech_error_logs_session_id_created_at
                  -> CORRELATED SCALAR SUBQUERY 1
                    -> SEARCH r USING COVERING INDEX ix_tech_research_session_id (session_id=?)
                """)
        let verdict = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: .index(["ix_tech_research_session_id"]), tableRows: [:])
        #expect(verdict.indexUsed == "ix_tech_research_session_id")
        #expect(verdict.nodeTypes.count == 5)
    }

    // MARK: Parsing details

    @Test(
        arguments: [
            ("SCAN tech_spec_sessions", [:], "tech_spec_sessions", nil, nil, nil),
            ("SCAN s", ["s": "tech_spec_sessions"], "tech_spec_sessions", "s", nil, nil),
            ("SCAN TABLE tech_spec_sessions AS s", [:], "tech_spec_sessions", "s", nil, nil),
            (
                "SCAN patterns USING INDEX idx_patterns_wilson", [:], "patterns", nil, "idx_patterns_wilson",
                nil
            ),
            (
                "SCAN s USING COVERING INDEX idx_session_status_created", ["S": "tech_spec_sessions"],
                "tech_spec_sessions", "s", "idx_session_status_created", nil
            ),
            ("SEARCH t USING INDEX idx (a=? AND b>?)", [:], "t", nil, "idx", "a=? AND b>?"),
            ("SEARCH t USING COVERING INDEX idx (a=?)", [:], "t", nil, "idx", "a=?"),
            ("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)", [:], "t", nil, "INTEGER PRIMARY KEY", "rowid=?"),
            ("SEARCH w USING PRIMARY KEY (a=?)", [:], "w", nil, "PRIMARY KEY", "a=?"),
            (
                "SEARCH e USING AUTOMATIC COVERING INDEX (x=?)", ["e": "tech_error_logs"], "tech_error_logs",
                "e", nil, "x=?"
            ),
            ("SEARCH e USING AUTOMATIC PARTIAL COVERING INDEX (x=?)", [:], "e", nil, nil, "x=?"),
            ("SCAN json_each VIRTUAL TABLE INDEX 1:", [:], "json_each", nil, nil, nil),
            ("SCAN CONSTANT ROW", [:], nil, nil, nil, nil),
            ("USE TEMP B-TREE FOR ORDER BY", [:], nil, nil, nil, nil),
            ("CORRELATED SCALAR SUBQUERY 1", [:], nil, nil, nil, nil),
            ("CO-ROUTINE x", [:], nil, nil, nil, nil),
            ("MATERIALIZE x", [:], nil, nil, nil, nil),
            ("LIST SUBQUERY 2", [:], nil, nil, nil, nil),
        ] as [(String, [String: String], String?, String?, String?, String?)])
    func parsesDetail(
        detail: String, aliases: [String: String], relation: String?, alias: String?, index: String?,
        condition: String?
    ) {
        let plan = SQLitePlanAnalyzer.parse(rows: [(id: 2, parent: 0, detail: detail)], aliases: aliases)
        #expect(plan.nodeType == "QUERY PLAN")
        let node = PlanNode(
            nodeType: detail, relation: relation, alias: alias, index: index, indexCondition: condition)
        #expect(plan.children == [node])
    }

    @Test func rowsWithAnUnknownParentHangOffTheRoot() {
        let plan = SQLitePlanAnalyzer.parse(
            rows: [
                (id: 3, parent: 0, detail: "MATERIALIZE x"), (id: 5, parent: 3, detail: "SCAN patterns"),
                (id: 9, parent: 7, detail: "SCAN x"),
            ],
            aliases: [:])
        #expect(plan.children.map(\.nodeType) == ["MATERIALIZE x", "SCAN x"])
        #expect(plan.children.first?.children.map(\.nodeType) == ["SCAN patterns"])
    }

    @Test func scanOfASubqueryIsNotATableScan() {
        let plan = SQLitePlanAnalyzer.parse(
            rows: [
                (id: 2, parent: 0, detail: "MATERIALIZE x"), (id: 4, parent: 2, detail: "SCAN patterns"),
                (id: 8, parent: 0, detail: "SCAN x"),
            ],
            aliases: [:])
        let verdict = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: .anyIndex, tableRows: ["patterns": 7])
        #expect(verdict.kind == .smallTable)
        #expect(verdict.message.hasPrefix("SCAN patterns (7 rows): too small for an index to pay off"))
    }

    // MARK: Writes

    @Test func anInsertOfValuesHasAnEmptyPlanThatReadsNoTable() throws {
        let sql =
            "INSERT INTO tech_error_logs (id, session_id, error_type, message, created_at) VALUES ($1, 's', 'e', 'm', 't')"
        let verdict = try judge(sql, .noTableRead)
        #expect(verdict.kind == .pass)
        #expect(verdict.message == "the plan reads no table")
        #expect(verdict.nodeTypes.isEmpty)
        #expect(try judge(sql, .anyIndex).kind == .fail)
    }

    @Test func anInsertFromARecursiveCTEReadsNoTable() throws {
        let sql = """
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1000)
            INSERT INTO tech_error_logs (id, session_id, error_type, message, created_at)
            SELECT printf('%036d', n), 's', 'e', 'm', 't' FROM g
            """
        let verdict = try judge(sql, .noTableRead)
        #expect(verdict.kind == .pass, "\(verdict.message)")
        #expect(verdict.nodeTypes.contains("SCAN g") && verdict.nodeTypes.contains("CO-ROUTINE g"))
    }

    @Test func anInsertThatReadsATableFailsNoTableRead() throws {
        let sql = """
            INSERT INTO tech_error_logs (id, session_id, error_type, message, created_at)
            SELECT id, id, 'e', 'm', created_at FROM tech_spec_sessions WHERE progress_percentage > 90
            """
        let plan = try withSchema { try explain(sql, on: $0) }
        let verdict = SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: .noTableRead, tableRows: ["tech_spec_sessions": 1200])
        #expect(verdict.kind == .fail)
        #expect(
            verdict.message
                == "SCAN tech_spec_sessions (1,200 rows) reads a table; expected a plan that reads no table")
        let search = SQLitePlanAnalyzer.verdict(
            plan: try withSchema { try explain("DELETE FROM tech_error_logs WHERE id = $1", on: $0) },
            expectation: .noTableRead, tableRows: [:])
        #expect(search.kind == .fail)
        #expect(search.indexUsed == "tech_error_logs_pkey")
        #expect(
            search.message.hasPrefix(
                "SEARCH tech_error_logs USING INDEX tech_error_logs_pkey (id=?) reads a table"))
    }

    @Test(arguments: [
        (
            "UPDATE tech_spec_sessions SET current_stage = 'research', progress_percentage = 15 WHERE id = $1",
            "tech_spec_sessions_pkey"
        ),
        ("DELETE FROM tech_error_logs WHERE id = $1", "tech_error_logs_pkey"),
    ])
    func aWriteByIdSearchesThePrimaryKey(sql: String, index: String) throws {
        let verdict = try judge(sql, .index([index]))
        #expect(verdict.kind == .pass)
        #expect(verdict.indexUsed == index)
    }

    // MARK: Aliases in SQL

    @Test(
        arguments: [
            (
                "SELECT s.id FROM tech_spec_sessions s JOIN shared_design_jobs AS j ON j.id = s.design_job_id",
                ["s": "tech_spec_sessions", "j": "shared_design_jobs"]
            ),
            ("select * from TECH_SPEC_SESSIONS as Sess where Sess.id = 1", ["Sess": "tech_spec_sessions"]),
            ("SELECT * FROM tech_spec_sessions WHERE id = 1", [:]),
            (
                "SELECT * FROM tech_spec_sessions LEFT JOIN tech_research ON tech_research.session_id = tech_spec_sessions.id",
                [:]
            ),
            ("SELECT * FROM tech_spec_sessions ORDER BY created_at", [:]),
            (
                "SELECT * FROM patterns p, tech_research r -- FROM tech_spec_sessions x\nWHERE 'FROM patterns q' = p.id",
                ["p": "patterns", "r": "tech_research"]
            ),
            ("SELECT * FROM unknown_table u", [:]),
            ("SELECT * FROM patterns \"order\"", ["order": "patterns"]),
        ] as [(String, [String: String])])
    func findsAliases(sql: String, aliases: [String: String]) {
        let tables = ["tech_spec_sessions", "shared_design_jobs", "tech_research", "patterns"]
        #expect(SQLitePlanAnalyzer.aliases(in: sql, tables: tables) == aliases)
    }

    // MARK: Helpers

    /// Runs `body` on a fresh database with the design, tech_spec and patterns schemas applied.
    private func withSchema<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            let connection = try SQLiteConnection(path: directory.appendingPathComponent("plan.db").path)
            let root = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            // Through the migrator: the files hold down sections too.
            let source = try MigrationSource(directory: root.appendingPathComponent("Migrations"))
            try Migrator(source: source, connection: connection).migrate()
            return try body(connection)
        }
    }

    /// The parsed `EXPLAIN QUERY PLAN` of `sql`, aliases found the way the caller finds them.
    private func explain(_ sql: String, on connection: SQLiteConnection) throws -> PlanNode {
        // Explaining binds nothing, but the connection wants a value for each `$n`.
        let parameters = [SQLValue](repeating: .null, count: sql.contains("$1") ? 1 : 0)
        let rows = try connection.query("EXPLAIN QUERY PLAN " + sql, parameters).map { row in
            (
                id: Int(row["id"].int ?? -1), parent: Int(row["parent"].int ?? -1),
                detail: row["detail"].string ?? ""
            )
        }
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'")
            .compactMap(\.["name"].string)
        return SQLitePlanAnalyzer.parse(
            rows: rows, aliases: SQLitePlanAnalyzer.aliases(in: sql, tables: tables))
    }

    private func judge(
        _ sql: String, _ expectation: PlanExpectation,
        partialIndexes: Set<String> = [], on connection: SQLiteConnection? = nil
    ) throws -> PlanVerdict {
        let plan = try connection.map { try explain(sql, on: $0) } ?? withSchema { try explain(sql, on: $0) }
        return SQLitePlanAnalyzer.verdict(
            plan: plan, expectation: expectation, tableRows: [:], sql: sql, partialIndexes: partialIndexes)
    }
}
