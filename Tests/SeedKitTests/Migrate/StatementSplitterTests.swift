import Testing

@testable import SeedKit

struct StatementSplitterTests {
    /// A script and the statements it must split into (trailing whitespace ignored).
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let script: String
        let statements: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain", script: "SELECT 1; SELECT 2;", statements: ["SELECT 1;", "SELECT 2;"]),
        Case(
            name: "string with doubled quote", script: "INSERT INTO t VALUES ('a;b''c;'); SELECT 2;",
            statements: ["INSERT INTO t VALUES ('a;b''c;');", "SELECT 2;"]),
        Case(
            name: "E strings with backslash escapes", script: #"SELECT E'it\'s; fine', e'\\'; SELECT 2;"#,
            statements: [#"SELECT E'it\'s; fine', e'\\';"#, "SELECT 2;"]),
        Case(
            name: "standard string ending in a backslash", script: #"SELECT 'C:\'; SELECT 2;"#,
            statements: [#"SELECT 'C:\';"#, "SELECT 2;"]),
        Case(
            name: "quoted identifiers", script: #"CREATE TABLE "a;b" ("c"";d" int); SELECT 1;"#,
            statements: [#"CREATE TABLE "a;b" ("c"";d" int);"#, "SELECT 1;"]),
        Case(
            name: "line comment", script: "SELECT 1 -- not here; really\n; SELECT 2;",
            statements: ["SELECT 1 -- not here; really\n;", "SELECT 2;"]),
        Case(
            name: "nested block comments", script: "SELECT /* a; /* b; */ c; */ 1; SELECT 2;",
            statements: ["SELECT /* a; /* b; */ c; */ 1;", "SELECT 2;"]),
        Case(
            name: "$$ body",
            script: "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2;",
            statements: ["CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;", "SELECT 2;"]),
        Case(
            name: "$fn$ body containing $$",
            script: "DO $fn$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $fn$; SELECT 2;",
            statements: ["DO $fn$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $fn$;", "SELECT 2;"]),
        Case(
            name: "tag with underscore and digit", script: "SELECT $a_1$ x; y $a_1$; SELECT 2;",
            statements: ["SELECT $a_1$ x; y $a_1$;", "SELECT 2;"]),
        Case(
            name: "$1 parameters", script: "UPDATE t SET a = $1 WHERE b = $2; SELECT $1;",
            statements: ["UPDATE t SET a = $1 WHERE b = $2;", "SELECT $1;"]),
        Case(
            name: "$1 is no tag even before a dollar quote", script: "SELECT $1$$;$$; SELECT 2;",
            statements: ["SELECT $1$$;$$;", "SELECT 2;"]),
        Case(
            name: "empty and comment-only statements",
            script: ";; SELECT 1;;\n;  -- only a comment;\n/* c; */;",
            statements: ["SELECT 1;"]),
        Case(
            name: "last statement without semicolon", script: "SELECT 1;\nSELECT 2\n",
            statements: ["SELECT 1;", "SELECT 2"]),
        Case(
            name: "leading comments",
            script: "-- header; with semicolon\n/* block; */\nCREATE TABLE t (a int);",
            statements: ["CREATE TABLE t (a int);"]),
        Case(
            name: "unterminated string", script: "SELECT 'oops; SELECT 2;",
            statements: ["SELECT 'oops; SELECT 2;"]),
        Case(name: "CRLF", script: "SELECT 1;\r\nSELECT 2;\r\n", statements: ["SELECT 1;", "SELECT 2;"]),
        Case(name: "é", script: "SELECT 'é';\nSELECT 2;", statements: ["SELECT 'é';", "SELECT 2;"]),
        Case(name: "日本", script: "SELECT '日本'; SELECT 3;", statements: ["SELECT '日本';", "SELECT 3;"]),
        Case(name: "multibyte comment", script: "-- café\nSELECT 1;", statements: ["SELECT 1;"]),
    ]

    @Test(arguments: cases)
    func splitsAtTopLevelSemicolons(_ testCase: Case) {
        let sql = StatementSplitter.split(testCase.script, dialect: .postgres).map {
            dropTrailingWhitespace($0.sql)
        }
        #expect(sql == testCase.statements)
    }

    @Test(arguments: cases)
    func offsetIsTheUTF8OffsetOfTheFirstCodeCharacter(_ testCase: Case) throws {
        let bytes = Array(testCase.script.utf8)
        let statements = StatementSplitter.split(testCase.script, dialect: .postgres)
        try #require(statements.count == testCase.statements.count)
        for (statement, expected) in zip(statements, testCase.statements) {
            try #require((0..<bytes.count).contains(statement.offset))
            #expect(String(decoding: bytes[statement.offset...], as: UTF8.self).hasPrefix(expected))
        }
    }

    @Test(arguments: [
        ("SELECT 1; SELECT 2;", [0, 10]),
        ("SELECT 'é';\nSELECT 2;", [0, 13]),
        ("SELECT '日本'; SELECT 3;", [0, 17]),
        ("-- café\nSELECT 1;", [9]),
        ("-- header; with semicolon\n/* block; */\nCREATE TABLE t (a int);", [39]),
    ])
    func offsetsCountBytesNotCharacters(script: String, offsets: [Int]) {
        #expect(StatementSplitter.split(script, dialect: .postgres).map(\.offset) == offsets)
    }

    @Test func createIndexConcurrentlyFileSplitsIntoItsStatements() {
        let script = """
            -- seedctl:no-transaction
            -- Builds the indexes without blocking writes; each must run alone.
            CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_session_status_created
                ON tech_spec_sessions (status, created_at);

            CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_conversation_session_timestamp
                ON tech_conversations (session_id, created_at);

            """
        let statements = StatementSplitter.split(script, dialect: .postgres).map(\.sql)
        #expect(statements.count == 2)
        #expect(statements.allSatisfy { $0.hasPrefix("CREATE INDEX CONCURRENTLY") && $0.hasSuffix(";") })
        #expect(statements.first?.contains("idx_session_status_created") == true)
        #expect(statements.last?.contains("idx_conversation_session_timestamp") == true)
    }

    @Test func dollarInsideAnIdentifierOpensNoQuote() {
        // PostgreSQL lexes `a$b$c` as one identifier (`$` may continue an identifier).
        #expect(StatementSplitter.split("SELECT a$b$c FROM t; SELECT 2;", dialect: .postgres).count == 2)
    }

    private func dropTrailingWhitespace(_ text: String) -> String {
        String(text.reversed().drop(while: \.isWhitespace).reversed())
    }
}
