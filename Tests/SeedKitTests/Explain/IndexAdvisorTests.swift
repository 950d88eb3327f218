import Testing

@testable import SeedKit

/// How `--suggest` reads a query's use of one table's columns, and the column lists it tries.
struct IndexAdvisorTests {
    static let conversations: Set<String> = ["id", "session_id", "role", "content", "created_at"]

    @Test func equalityRangeAndOrderColumnsOfOneTable() {
        let sql = """
            SELECT c.id, s.status FROM tech_conversations c JOIN tech_spec_sessions s ON s.id = c.session_id
            WHERE c.role = $1 AND c.created_at >= $2 AND s.status = 'paused' AND c.content LIKE 'x%'
            ORDER BY c.created_at DESC LIMIT 20
            """
        let usage = IndexAdvisor.usage(
            in: sql, table: "tech_conversations", alias: "c", columns: Self.conversations)
        // s.id is another table's column; 'id' in the select list is compared with nothing.
        #expect(usage.equality == ["session_id", "role"])
        #expect(usage.range == ["created_at"])
        #expect(usage.pattern == ["content"])
        #expect(usage.order == ["created_at"])
        #expect(
            IndexAdvisor.candidates(usage) == [
                ["session_id", "role", "created_at"], ["session_id", "role"], ["session_id"], ["role"],
                ["created_at"], ["content"],
            ])
    }

    @Test func placeholdersAndOtherTablesAreNotColumns() {
        let usage = IndexAdvisor.usage(
            in:
                "SELECT id FROM tech_conversations WHERE session_id = :id AND x.role = 'a' ORDER BY created_at",
            table: "tech_conversations", alias: nil, columns: Self.conversations)
        #expect(usage == IndexAdvisor.Usage(equality: ["session_id"], range: [], order: ["created_at"]))
        #expect(IndexAdvisor.candidates(usage).first == ["session_id", "created_at"])
    }
}
