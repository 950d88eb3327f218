import Testing

@testable import SeedKit

/// The verdict rules on PostgreSQL plan trees built by hand, with index definitions as
/// `pg_index` gives them.
struct PlanJudgeTests {
    static let facts = SchemaFacts(
        rows: [
            "tech_conversations": 100_000, "tech_error_logs": 15_000, "archive_q1": 25_000, "patterns": 5_000,
        ],
        indexes: [
            "idx_conversation_session_timestamp": .init(
                table: "tech_conversations", columns: ["session_id", "created_at"]),
            "idx_unrecovered": .init(
                table: "tech_error_logs", columns: ["created_at"], predicate: "NOT recovered"),
            "archive_q1_session_id_idx": .init(
                table: "archive_q1", columns: ["session_id"], ancestors: ["idx_archive_session"]),
        ],
        parents: ["archive_q1": "archive"])

    static func scan(
        _ type: String, _ table: String, index: String? = nil, condition: String? = nil,
        filter: String? = nil, rows: Double = 1
    ) -> PlanNode {
        PlanNode(
            nodeType: type, relation: table, index: index, indexCondition: condition, filter: filter,
            estimatedRows: rows, actualRows: rows, loops: 1)
    }

    static func judge(_ plan: PlanNode, _ expectation: PlanExpectation, fullScan: [String] = [])
        -> PlanVerdict
    {
        PostgresPlanAnalyzer.verdict(
            plan: plan, expectation: expectation, facts: facts, fullScanTables: fullScan)
    }

    @Test func aConditionOnTheSecondColumnIsAWholeIndexRead() {
        let index = "idx_conversation_session_timestamp"
        let second = Self.scan(
            "Index Only Scan", "tech_conversations", index: index,
            condition: "(created_at >= '2025-01-01'::date)")
        let verdict = Self.judge(second, .index([index]))
        #expect(verdict.kind == .fail)
        #expect(
            verdict.message.contains(
                "Index Cond is not on session_id, the first column of (session_id, created_at)"))
        let first = Self.scan(
            "Index Only Scan", "tech_conversations", index: index,
            condition: "((session_id = $1) AND (created_at >= '2025-01-01'::date))")
        #expect(Self.judge(first, .index([index])).kind == .pass)
    }

    @Test func aPartialIndexPredicateServesItsCondition() {
        let plan = Self.scan(
            "Index Scan", "tech_error_logs", index: "idx_unrecovered", filter: "(error_type = 'x')")
        let verdict = Self.judge(plan, .index(["idx_unrecovered"]))
        #expect(verdict.kind == .pass)
        #expect(verdict.message.contains("its predicate NOT recovered serves the condition"))
    }

    @Test func orderOnlyNeedsALimitAndAboutItsRowsRead() {
        let index = "idx_conversation_session_timestamp"
        var limit = PlanNode(nodeType: "Limit", estimatedRows: 20, actualRows: 20, loops: 1)
        limit.children = [Self.scan("Index Scan", "tech_conversations", index: index, rows: 20)]
        #expect(Self.judge(limit, .index([index])).kind == .pass)
        limit.children = [Self.scan("Index Scan", "tech_conversations", index: index, rows: 50_020)]
        #expect(Self.judge(limit, .index([index])).kind == .fail)
        // Without a Limit every row is read, whatever consumes them.
        #expect(
            Self.judge(Self.scan("Index Scan", "tech_conversations", index: index, rows: 20), .anyIndex).kind
                == .fail)
    }

    @Test func aPartitionsIndexStandsForItsParentAndAPartitionHasItsRowCount() {
        let lookup = Self.scan(
            "Bitmap Index Scan", "archive_q1", index: "archive_q1_session_id_idx",
            condition: "(session_id = $1)")
        let verdict = Self.judge(lookup, .index(["idx_archive_session"]))
        #expect(verdict.kind == .pass)
        #expect(verdict.indexUsed == "idx_archive_session")
        let full = Self.judge(Self.scan("Seq Scan", "archive_q1", filter: "(role = 'system')"), .anyIndex)
        #expect(full.kind == .fail)
        #expect(full.message.hasPrefix("Seq Scan on archive_q1 (25,000 rows) reads the whole table"))
        // '-- full scan: archive' allows the parent's partitions.
        #expect(
            Self.judge(Self.scan("Seq Scan", "archive_q1"), .anyIndex, fullScan: ["archive"]).kind == .fail)
    }

    @Test func everyReadIsJudgedAndSmallTableNeedsEveryTableSmall() {
        let index = "idx_conversation_session_timestamp"
        var join = PlanNode(nodeType: "Hash Join")
        join.children = [
            Self.scan("Seq Scan", "tech_conversations", filter: "(content ~~ '%x%')"),
            Self.scan("Index Scan", "patterns", index: "patterns_pkey", condition: "(id = $1)"),
        ]
        let verdict = Self.judge(join, .index(["patterns_pkey"]))
        #expect(verdict.kind == .fail)
        #expect(verdict.message.contains("Seq Scan on tech_conversations (100,000 rows)"))
        #expect(Self.judge(join, .index(["patterns_pkey"]), fullScan: ["tech_conversations"]).kind == .pass)
        // Only patterns (5,000 rows) read in full, no index: small table.
        #expect(Self.judge(Self.scan("Seq Scan", "patterns"), .index([index])).kind == .smallTable)
    }
}
