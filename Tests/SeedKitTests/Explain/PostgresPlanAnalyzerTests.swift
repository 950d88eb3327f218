import Foundation
import Testing

@testable import SeedKit

/// Real `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` output captured from PostgreSQL 15 on the
/// `default` profile (10,000 sessions), except `seq_scan_small` (the `fixture` profile). The
/// write plans (`insert_*`, `update_by_id`, `delete_by_id`) ran in a transaction rolled back.
private enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/postgres")

    static func json(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(name).json"), encoding: .utf8)
    }

    static func plan(_ name: String) throws -> PlanNode {
        try PostgresPlanAnalyzer.parse(json: json(name)).plan
    }
}

struct PostgresVerdictCase: Sendable, CustomTestStringConvertible {
    /// Row counts of the `default` profile, as pg_class.reltuples reports them.
    static let defaultRows = [
        "tech_spec_sessions": 10_000, "tech_conversations": 100_000, "patterns": 5_000, "design_jobs": 2_000,
        "tech_research": 30_000, "tech_error_logs": 15_000,
    ]

    var fixture: String
    var expectation: PlanExpectation
    var tableRows: [String: Int] = Self.defaultRows
    var smallTableRows = 10_000
    var kind: PlanVerdict.Kind
    var indexUsed: String?
    var messageContains: [String]

    var testDescription: String { "\(fixture) \(expectation) → \(kind.rawValue)" }
}

struct PostgresPlanAnalyzerTests {
    // MARK: parse

    @Test func parsesABitmapScanAndGivesTheIndexScanItsTable() throws {
        let (plan, executionMs) = try PostgresPlanAnalyzer.parse(json: Fixture.json("conversation_history"))
        #expect(plan.allNodes.map(\.nodeType) == ["Bitmap Heap Scan", "Bitmap Index Scan"])
        #expect(plan.relation == "tech_conversations")
        #expect(plan.alias == nil)
        #expect(plan.indexCondition == "(session_id = '5808bdcc-d94e-447a-8345-cf7dd36160a0'::uuid)")
        #expect(plan.sharedHit == 50)
        #expect(executionMs == 0.339)
        let bitmap = try #require(plan.children.first)
        #expect(bitmap.relation == "tech_conversations")
        #expect(bitmap.index == "idx_conversation_session_timestamp")
        #expect(bitmap.indexCondition == "(session_id = '5808bdcc-d94e-447a-8345-cf7dd36160a0'::uuid)")
        #expect(bitmap.estimatedRows == 907)
        #expect(bitmap.actualRows == 942)
        #expect(bitmap.loops == 1)
        #expect(bitmap.sharedHit == 8)
        #expect(bitmap.sharedRead == 0)
    }

    @Test func parsesAJoinWithAliasesAndABitmapUnderAnAlias() throws {
        let plan = try Fixture.plan("session_batch_join")
        #expect(
            plan.allNodes.map(\.nodeType) == [
                "Hash Join", "Bitmap Heap Scan", "Bitmap Index Scan", "Hash", "Seq Scan",
            ])
        let heap = plan.children[0]
        #expect(heap.relation == "tech_spec_sessions")
        #expect(heap.alias == "s")
        #expect(heap.children[0].relation == "tech_spec_sessions")
        #expect(heap.children[0].index == "tech_spec_sessions_pkey")
        let seqScan = plan.children[1].children[0]
        #expect(seqScan.relation == "design_jobs")
        #expect(seqScan.alias == "j")
        #expect(seqScan.estimatedRows == 2_000)
        #expect(seqScan.sharedHit == 45)
        #expect(plan.children[1].relation == nil)
    }

    @Test func readsRowsLoopsAndBuffers() throws {
        let byStatus = try Fixture.plan("sessions_by_status")
        let scan = try #require(byStatus.children.first)
        #expect(byStatus.nodeType == "Limit")
        #expect(scan.index == "idx_session_status_created")
        #expect(scan.indexCondition == "(status = 'completed'::text)")
        #expect(scan.filter == nil)
        #expect(scan.estimatedRows == 4_000)
        #expect(scan.actualRows == 50)
        #expect(scan.sharedHit == 48)
        #expect(scan.sharedRead == 2)

        // A correlated subquery runs once per outer row: 20 loops of 3 rows.
        let counts = try Fixture.plan("research_counts")
        let inner = try #require(counts.allNodes.last)
        #expect(inner.nodeType == "Index Only Scan")
        #expect(inner.relation == "tech_research")
        #expect(inner.alias == "r")
        #expect(inner.indexCondition == "(session_id = s.id)")
        #expect(inner.actualRows == 3)
        #expect(inner.loops == 20)
    }

    @Test func readsTheFilterOfAScan() throws {
        let plan = try Fixture.plan("order_only_filter")
        let scan = try #require(plan.children.first)
        #expect(scan.nodeType == "Index Scan")
        #expect(scan.index == "idx_conversation_session_timestamp")
        #expect(scan.indexCondition == nil)
        #expect(scan.filter == "(role = 'system'::text)")
    }

    @Test(arguments: [
        "not json",
        "{\"QUERY PLAN\": 1}",
        "[]",
        "[{\"Plan\": {\"Plan Rows\": 1}}]",
        "[{\"Execution Time\": 1.5}]",
    ])
    func rejectsJSONThatIsNoPlan(_ json: String) {
        let error = #expect(throws: ConfigurationError.self) { try PostgresPlanAnalyzer.parse(json: json) }
        #expect(error?.description.contains("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)") == true)
    }

    // MARK: verdict

    @Test(arguments: [
        PostgresVerdictCase(
            fixture: "session_by_id", expectation: .index(["tech_spec_sessions_pkey"]), kind: .pass,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["Index Scan using tech_spec_sessions_pkey on tech_spec_sessions (id = '"]),
        PostgresVerdictCase(
            fixture: "sessions_by_status", expectation: .index(["idx_session_status_created"]), kind: .pass,
            indexUsed: "idx_session_status_created",
            messageContains: [
                "Index Scan using idx_session_status_created on tech_spec_sessions (status = 'completed'::text)"
            ]),
        PostgresVerdictCase(
            fixture: "sessions_by_status",
            expectation: .index(["no_such_index", "idx_session_status_created"]),
            kind: .pass, indexUsed: "idx_session_status_created",
            messageContains: ["idx_session_status_created"]),
        PostgresVerdictCase(
            fixture: "conversation_page", expectation: .index(["idx_conversation_session_timestamp"]),
            kind: .pass,
            indexUsed: "idx_conversation_session_timestamp",
            messageContains: ["on tech_conversations (session_id = "]),
        PostgresVerdictCase(
            fixture: "conversation_history", expectation: .index(["idx_conversation_session_timestamp"]),
            kind: .pass,
            indexUsed: "idx_conversation_session_timestamp",
            messageContains: [
                "Bitmap Index Scan using idx_conversation_session_timestamp on tech_conversations"
            ]),
        PostgresVerdictCase(
            fixture: "top_patterns", expectation: .index(["idx_patterns_wilson"]), kind: .pass,
            indexUsed: "idx_patterns_wilson", messageContains: ["idx_patterns_wilson on patterns (order only"]
        ),
        PostgresVerdictCase(
            fixture: "research_counts", expectation: .index(["ix_tech_research_session_id"]), kind: .pass,
            indexUsed: "ix_tech_research_session_id",
            messageContains: [
                "Index Only Scan using ix_tech_research_session_id on tech_research (session_id = s.id)"
            ]),
        PostgresVerdictCase(
            fixture: "session_join_job", expectation: .index(["design_jobs_pkey"]), kind: .pass,
            indexUsed: "design_jobs_pkey", messageContains: ["on design_jobs (id = s.design_job_id)"]),
        PostgresVerdictCase(
            fixture: "session_batch_join", expectation: .index(["tech_spec_sessions_pkey"]), kind: .pass,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["Bitmap Index Scan using tech_spec_sessions_pkey"]),
        PostgresVerdictCase(
            fixture: "status_counts", expectation: .fullScanAllowed, kind: .pass, indexUsed: nil,
            messageContains: ["full scan allowed"]),
        PostgresVerdictCase(
            fixture: "top_patterns", expectation: .fullScanAllowed, kind: .pass,
            indexUsed: "idx_patterns_wilson",
            messageContains: ["full scan allowed"]),
        PostgresVerdictCase(
            fixture: "top_patterns", expectation: .anyIndex, kind: .pass, indexUsed: "idx_patterns_wilson",
            messageContains: ["idx_patterns_wilson"]),
        PostgresVerdictCase(
            fixture: "session_join_job", expectation: .anyIndex, kind: .pass,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["tech_spec_sessions_pkey on tech_spec_sessions"]),
    ])
    func passes(_ test: PostgresVerdictCase) throws {
        try check(test)
    }

    @Test(arguments: [
        PostgresVerdictCase(
            fixture: "order_only_filter", expectation: .index(["idx_conversation_session_timestamp"]),
            kind: .fail,
            indexUsed: "idx_conversation_session_timestamp",
            messageContains: [
                "idx_conversation_session_timestamp on tech_conversations only supplies the order",
                "the WHERE runs as Filter: (role = 'system'::text)", "reads the whole index",
            ]),
        PostgresVerdictCase(
            fixture: "order_only_filter", expectation: .anyIndex, kind: .fail,
            indexUsed: "idx_conversation_session_timestamp",
            messageContains: ["only supplies the order", "Filter: (role = 'system'::text)"]),
        PostgresVerdictCase(
            fixture: "seq_scan_large", expectation: .index(["idx_session_status_created"]),
            tableRows: ["tech_spec_sessions": 10_000], smallTableRows: 5_000, kind: .fail, indexUsed: nil,
            messageContains: [
                "Seq Scan on tech_spec_sessions (10,000 rows) reads the whole table: Filter: (status = 'paused'::text), estimated 1,030 / actual 1,030 rows — expected index idx_session_status_created"
            ]),
        // The threshold is exclusive: 10,000 rows is not small at the default of 10,000.
        PostgresVerdictCase(
            fixture: "seq_scan_large", expectation: .index(["idx_session_status_created"]), kind: .fail,
            indexUsed: nil, messageContains: ["tech_spec_sessions (10,000 rows", "Filter"]),
        PostgresVerdictCase(
            fixture: "status_counts", expectation: .index(["idx_session_status_created"]), kind: .fail,
            indexUsed: nil,
            messageContains: [
                "Seq Scan on tech_spec_sessions (10,000 rows) reads the whole table: no Filter, estimated 10,000 / actual 10,000 rows"
            ]),
        PostgresVerdictCase(
            fixture: "status_counts", expectation: .anyIndex, kind: .fail, indexUsed: nil,
            messageContains: ["Seq Scan on tech_spec_sessions", "expected an index"]),
        PostgresVerdictCase(
            fixture: "session_by_id", expectation: .index(["idx_session_status_created"]), kind: .fail,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["expected index idx_session_status_created, used tech_spec_sessions_pkey"]),
        PostgresVerdictCase(
            fixture: "session_join_job", expectation: .index(["idx_tech_spec_sessions_design_job_id_status"]),
            kind: .fail, indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["used tech_spec_sessions_pkey, design_jobs_pkey"]),
        PostgresVerdictCase(
            fixture: "session_batch_join", expectation: .index(["design_jobs_pkey"]), smallTableRows: 1_000,
            kind: .fail, indexUsed: nil,
            messageContains: [
                "Seq Scan on design_jobs (2,000 rows) reads the whole table: no Filter, estimated 2,000 / actual 2,000 rows"
            ]),
        // Another index than the expected one with a small full read: not 'small table'.
        PostgresVerdictCase(
            fixture: "session_batch_join", expectation: .index(["design_jobs_pkey"]), kind: .fail,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["expected index design_jobs_pkey, used tech_spec_sessions_pkey"]),
    ])
    func fails(_ test: PostgresVerdictCase) throws {
        try check(test)
    }

    @Test(arguments: [
        PostgresVerdictCase(
            fixture: "seq_scan_small", expectation: .index(["idx_session_status_created"]),
            tableRows: ["tech_spec_sessions": 10], kind: .smallTable, indexUsed: nil,
            messageContains: [
                "Seq Scan on tech_spec_sessions (10 rows): too small for an index to pay off",
                "--profile default",
            ])
    ])
    func excusesSmallTables(_ test: PostgresVerdictCase) throws {
        try check(test)
    }

    @Test(arguments: [
        PostgresVerdictCase(
            fixture: "insert_values", expectation: .noTableRead, kind: .pass, indexUsed: nil,
            messageContains: ["the plan reads no table"]),
        PostgresVerdictCase(
            fixture: "insert_generate_series", expectation: .noTableRead, kind: .pass, indexUsed: nil,
            messageContains: ["the plan reads no table"]),
        PostgresVerdictCase(
            fixture: "insert_select_scan", expectation: .noTableRead, kind: .fail,
            indexUsed: "idx_session_status_created",
            messageContains: [
                "Bitmap Index Scan using idx_session_status_created on tech_spec_sessions",
                "(10,000 rows) reads a table; expected a plan that reads no table",
            ]),
        PostgresVerdictCase(
            fixture: "update_by_id", expectation: .noTableRead, kind: .fail,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: [
                "Index Scan using tech_spec_sessions_pkey on tech_spec_sessions (id = '00888dad-0d31-4ac7-9087-6eda4c78214b'::uuid) (10,000 rows) reads a table"
            ]),
        PostgresVerdictCase(
            fixture: "update_by_id", expectation: .index(["tech_spec_sessions_pkey"]), kind: .pass,
            indexUsed: "tech_spec_sessions_pkey",
            messageContains: ["Index Scan using tech_spec_sessions_pkey on tech_spec_sessions (id = '"]),
        PostgresVerdictCase(
            fixture: "delete_by_id", expectation: .index(["tech_error_logs_pkey"]), kind: .pass,
            indexUsed: "tech_error_logs_pkey",
            messageContains: ["Index Scan using tech_error_logs_pkey on tech_error_logs (id = '"]),
        PostgresVerdictCase(
            fixture: "insert_values", expectation: .anyIndex, kind: .fail, indexUsed: nil,
            messageContains: ["the plan scans no table through an index; expected an index"]),
    ])
    func judgesWrites(_ test: PostgresVerdictCase) throws {
        try check(test)
    }

    @Test func theTableAWriteModifiesIsNotARead() throws {
        let plan = try Fixture.plan("insert_values")
        #expect(plan.allNodes.map(\.nodeType) == ["ModifyTable", "Result"])
        #expect(plan.relation == "tech_conversations")
        #expect(
            PostgresPlanAnalyzer.render(plan).hasPrefix(
                "ModifyTable on tech_conversations  (rows est 0 / actual 0"))
        let bulk = try Fixture.plan("insert_generate_series")
        #expect(bulk.allNodes.map(\.nodeType) == ["ModifyTable", "Subquery Scan", "Function Scan"])
        #expect(bulk.allNodes.map(\.relation) == ["tech_error_logs", nil, nil])
    }

    private func check(_ test: PostgresVerdictCase) throws {
        let plan = try Fixture.plan(test.fixture)
        let verdict = PostgresPlanAnalyzer.verdict(
            plan: plan, expectation: test.expectation, tableRows: test.tableRows,
            smallTableRows: test.smallTableRows)
        #expect(verdict.kind == test.kind, "\(verdict.message)")
        #expect(verdict.indexUsed == test.indexUsed)
        for fragment in test.messageContains {
            #expect(verdict.message.contains(fragment), "\(verdict.message)")
        }
        #expect(verdict.nodeTypes == plan.allNodes.map(\.nodeType))
    }

    @Test func listsNodeTypesDepthFirst() throws {
        let verdict = PostgresPlanAnalyzer.verdict(
            plan: try Fixture.plan("research_counts"), expectation: .anyIndex,
            tableRows: PostgresVerdictCase.defaultRows)
        #expect(verdict.nodeTypes == ["Limit", "Index Scan", "Aggregate", "Index Only Scan"])
    }

    @Test func namesTheBiggestTablesSeqScanAndCountsRowsOverLoops() {
        let plan = PlanNode(
            nodeType: "Nested Loop",
            children: [
                PlanNode(
                    nodeType: "Seq Scan", relation: "small", filter: "(a = 1)", estimatedRows: 3,
                    actualRows: 2),
                PlanNode(
                    nodeType: "Seq Scan", relation: "big", filter: "(b = s.b)", estimatedRows: 4,
                    actualRows: 5,
                    loops: 2_000),
            ])
        let verdict = PostgresPlanAnalyzer.verdict(
            plan: plan, expectation: .index(["idx_big_b"]), tableRows: ["small": 100, "big": 50_000])
        #expect(verdict.kind == .fail)
        #expect(
            verdict.message
                == "Seq Scan on big (50,000 rows) reads the whole table: Filter: (b = s.b), estimated 8,000 / actual 10,000 rows — expected index idx_big_b"
        )
    }

    @Test func aSeqScanOnATableOfUnknownSizeIsNotExcused() {
        let plan = PlanNode(
            nodeType: "Seq Scan", relation: "elsewhere", estimatedRows: 7, actualRows: 7, loops: 1)
        let verdict = PostgresPlanAnalyzer.verdict(plan: plan, expectation: .anyIndex, tableRows: [:])
        #expect(verdict.kind == .fail)
        #expect(
            verdict.message.contains(
                "Seq Scan on elsewhere reads the whole table: no Filter, estimated 7 / actual 7 rows"))
    }

    @Test func aPlanWithoutScansFailsSayingNoIndexWasUsed() {
        let plan = PlanNode(nodeType: "Result", estimatedRows: 1, actualRows: 1, loops: 1)
        let verdict = PostgresPlanAnalyzer.verdict(plan: plan, expectation: .index(["idx_x"]), tableRows: [:])
        #expect(verdict.kind == .fail)
        #expect(verdict.indexUsed == nil)
        #expect(verdict.message.contains("no table through an index; expected index idx_x"))
    }

    // MARK: render

    @Test func rendersOneIndentedLinePerNode() throws {
        let plan = try Fixture.plan("session_batch_join")
        let lines = PostgresPlanAnalyzer.render(plan).split(separator: "\n").map(String.init)
        #expect(lines.count == plan.allNodes.count)
        for (line, node) in zip(lines, plan.allNodes) {
            #expect(line.contains(node.nodeType))
        }
        #expect(lines[0].hasPrefix("Hash Join  Hash Cond: "), "\(lines[0])")
        #expect(
            lines[0].hasSuffix("(rows est 50 / actual 50 × 1 loops)  buffers hit 189 read 0"), "\(lines[0])")
        #expect(
            lines[1].hasPrefix("  -> Bitmap Heap Scan on tech_spec_sessions s  Recheck Cond: (id = ANY ("))
        #expect(lines[2].hasPrefix("    -> Bitmap Index Scan using tech_spec_sessions_pkey  Index Cond: "))
    }

    @Test func rendersJoinTypesParallelKeysMemoizeAndSubplansAsExplainDoes() {
        var anti = PlanNode(nodeType: "Hash Join", estimatedRows: 1, actualRows: 0, loops: 1)
        anti.joinType = "Anti"
        anti.hashCondition = "(s.id = c.session_id)"
        var scan = PlanNode(
            nodeType: "Seq Scan", relation: "tech_conversations", alias: "c",
            filter: "(role = 'system'::text)",
            estimatedRows: 3_000, actualRows: 3_333, loops: 3)
        scan.parallel = true
        scan.rowsRemovedByFilter = 30_000
        var memoize = PlanNode(nodeType: "Memoize", estimatedRows: 1, actualRows: 1, loops: 300)
        memoize.cacheKey = "e.session_id"
        memoize.cacheHits = 48
        memoize.cacheMisses = 252
        var initPlan = PlanNode(
            nodeType: "Index Only Scan", relation: "patterns", index: "idx_patterns_wilson",
            indexCondition: "(wilson_score IS NOT NULL)")
        initPlan.subplanName = "InitPlan 1 (returns $0)"
        initPlan.scanDirection = "Backward"
        var aggregate = PlanNode(nodeType: "Aggregate")
        aggregate.strategy = "Hashed"
        aggregate.groupKey = ["c.role"]
        anti.children = [scan, memoize, initPlan, aggregate]
        #expect(
            PostgresPlanAnalyzer.render(anti).split(separator: "\n") == [
                "Hash Anti Join  Hash Cond: (s.id = c.session_id)  (rows est 1 / actual 0 × 1 loops)",
                "  -> Parallel Seq Scan on tech_conversations c  Filter: (role = 'system'::text)  Rows Removed by Filter: 90,000  (rows est 3,000 / actual 3,333 × 3 loops)",
                "  -> Memoize  Cache Key: e.session_id  Hits: 48  Misses: 252  (rows est 1 / actual 1 × 300 loops)",
                "  InitPlan 1 (returns $0)",
                "    -> Index Only Scan Backward using idx_patterns_wilson on patterns  Index Cond: (wilson_score IS NOT NULL)",
                "  -> HashAggregate  Group Key: c.role",
            ])
    }

    @Test func rendersConditionFilterRowsAndBuffers() throws {
        #expect(
            PostgresPlanAnalyzer.render(try Fixture.plan("sessions_by_status")) == """
                Limit  (rows est 50 / actual 50 × 1 loops)  buffers hit 48 read 2
                  -> Index Scan using idx_session_status_created on tech_spec_sessions  Index Cond: (status = 'completed'::text)  (rows est 4,000 / actual 50 × 1 loops)  buffers hit 48 read 2
                """)
        let seqScan = try #require(
            PostgresPlanAnalyzer.render(try Fixture.plan("seq_scan_large")).split(separator: "\n").last)
        #expect(
            seqScan.hasPrefix(
                "    -> Seq Scan on tech_spec_sessions  Filter: (status = 'paused'::text)  Rows Removed by Filter: "
            ))
        #expect(
            PostgresPlanAnalyzer.render(try Fixture.plan("research_counts")).contains("actual 3 × 20 loops"))
    }
}
