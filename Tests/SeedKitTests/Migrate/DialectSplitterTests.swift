import Testing

@testable import SeedKit

/// The statement splitter against each dialect's own rules (defect 8).
struct DialectSplitterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let dialect: Dialect
        let script: String
        let statements: [String]
        var testDescription: String { "\(dialect.rawValue): \(name)" }
    }

    static let cases: [Case] = [
        Case(
            name: "trigger body", dialect: .sqlite,
            script: """
                CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN
                  UPDATE users SET updated_at = 1 WHERE id = new.id;
                  INSERT INTO audit VALUES (new.id);
                END;
                SELECT 2;
                """,
            statements: [
                """
                CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN
                  UPDATE users SET updated_at = 1 WHERE id = new.id;
                  INSERT INTO audit VALUES (new.id);
                END;
                """, "SELECT 2;",
            ]),
        Case(
            name: "temp trigger with CASE … END inside", dialect: .sqlite,
            script:
                "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END; SELECT 3;",
            statements: [
                "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END;",
                "SELECT 3;",
            ]),
        Case(
            name: "bracket and backtick identifiers", dialect: .sqlite,
            script: "CREATE TABLE [semi;colon] (`back;tick` int); SELECT 2;",
            statements: ["CREATE TABLE [semi;colon] (`back;tick` int);", "SELECT 2;"]),
        Case(
            name: "block comments do not nest", dialect: .sqlite,
            script: "/* load data/*.csv later */ CREATE TABLE a (x); CREATE TABLE b (y);",
            statements: ["CREATE TABLE a (x);", "CREATE TABLE b (y);"]),
        Case(
            name: "backslash is no escape", dialect: .sqlite, script: #"SELECT 'C:\'; SELECT 2;"#,
            statements: [#"SELECT 'C:\';"#, "SELECT 2;"]),
        Case(
            name: "dollar is no quote", dialect: .sqlite, script: "SELECT $a; SELECT 2;",
            statements: ["SELECT $a;", "SELECT 2;"]),
        Case(
            name: "block comments nest", dialect: .postgres,
            script: "/* load data/*.csv later */ */ CREATE TABLE a (x int); CREATE TABLE b (y int);",
            statements: ["CREATE TABLE a (x int);", "CREATE TABLE b (y int);"]),
        Case(
            name: "BEGIN ATOMIC", dialect: .postgres,
            script: """
                CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT a + 1;
                  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;
                END;
                SELECT 2;
                """,
            statements: [
                """
                CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT a + 1;
                  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;
                END;
                """, "SELECT 2;",
            ]),
        Case(
            name: "procedure BEGIN ATOMIC", dialect: .postgres,
            script:
                "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END; CALL p();",
            statements: [
                "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;",
                "CALL p();",
            ]),
        Case(
            name: "rule with several actions", dialect: .postgres,
            script:
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 2;",
            statements: [
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));",
                "SELECT 2;",
            ]),
        Case(
            name: "U& string and identifier", dialect: .postgres,
            script: #"SELECT U&'d\0061t;a', U&"d;a"; SELECT 2;"#,
            statements: [#"SELECT U&'d\0061t;a', U&"d;a";"#, "SELECT 2;"]),
        Case(
            name: "DO block", dialect: .postgres,
            script: "DO $do$ BEGIN RAISE NOTICE 'a;b'; END $do$; SELECT 2;",
            statements: ["DO $do$ BEGIN RAISE NOTICE 'a;b'; END $do$;", "SELECT 2;"]),
        Case(
            name: "BEGIN outside a routine is a transaction statement", dialect: .postgres,
            script: "BEGIN; CREATE TABLE t (a int); COMMIT;",
            statements: ["BEGIN;", "CREATE TABLE t (a int);", "COMMIT;"]),
    ]

    @Test(arguments: cases)
    func splitsLikeTheDialectsShell(_ testCase: Case) {
        let statements = StatementSplitter.split(testCase.script, dialect: testCase.dialect)
        #expect(statements.map(\.sql) == testCase.statements)
        #expect(statements.allSatisfy { $0.kind == .sql })
    }

    @Test func pgDumpMetaCommandsAndCopyData() {
        let script = """
            \\restrict AbC123
            SET search_path = '';
            COPY public.cars (id, user_id) FROM stdin;
            1\t10
            2\t\\N
            \\.
            SELECT 2;
            \\unrestrict AbC123
            """
        let statements = StatementSplitter.split(script, dialect: .postgres)
        #expect(statements.map(\.kind) == [.metaCommand, .sql, .sql, .copyData, .sql, .metaCommand])
        #expect(statements[0].sql == "\\restrict AbC123")
        #expect(statements[2].sql == "COPY public.cars (id, user_id) FROM stdin;")
        #expect(statements[3].sql == "1\t10\n2\t\\N\n")
        #expect(statements[4].sql == "SELECT 2;")
    }

    @Test func copyDataMayContainSemicolonsAndQuotes() {
        let script = "COPY t (a) FROM STDIN;\nit's; fine\n$$ -- not a comment\n\\.\nSELECT 1;"
        let statements = StatementSplitter.split(script, dialect: .postgres)
        #expect(statements.map(\.kind) == [.sql, .copyData, .sql])
        #expect(statements[1].sql == "it's; fine\n$$ -- not a comment\n")
    }

    /// Every statement the SQLite splitter yields is complete by libsqlite3's own
    /// `sqlite3_complete()`, and no shorter prefix ending at one of its semicolons is.
    @Test(
        arguments: cases.filter { $0.dialect == .sqlite }.map(\.script)
            + SplitterFuzz.sqliteSamples(count: 150))
    func sqliteStatementsAreCompleteByLibsqlite3(_ script: String) {
        for statement in StatementSplitter.split(script, dialect: .sqlite) {
            let bytes = Array(statement.sql.utf8)
            if bytes.last == UInt8(ascii: ";") {
                #expect(SQLiteConnection.isComplete(statement.sql), "\(statement.sql)")
            }
            for end in bytes.indices.dropLast() where bytes[end] == UInt8(ascii: ";") {
                let prefix = String(decoding: bytes[...end], as: UTF8.self)
                #expect(!SQLiteConnection.isComplete(prefix), "complete prefix: \(prefix)")
            }
        }
    }

    /// Random concatenations of tricky fragments split back into exactly the statement fragments.
    @Test(arguments: Dialect.allCases)
    func fuzzedConcatenationsSplitIntoTheirFragments(dialect: Dialect) {
        var generator = SplitterFuzz.Generator(seed: 0x5EED)
        for _ in 0..<400 {
            let (script, expected) = generator.script(dialect: dialect)
            let statements = StatementSplitter.split(script, dialect: dialect)
            #expect(statements.map(\.sql) == expected, "\(script)")
            SplitterFuzz.checkNothingDropped(script, statements, dialect: dialect)
        }
    }

    /// Truncated and mutated scripts never crash the splitter, and what it leaves out of its
    /// statements splits into nothing (whitespace, comments and semicolons only).
    @Test(arguments: Dialect.allCases)
    func mutatedScriptsNeverCrashNorDropText(dialect: Dialect) {
        var generator = SplitterFuzz.Generator(seed: 0xF00D)
        for _ in 0..<400 {
            let script = generator.mutated(generator.script(dialect: dialect).0)
            let statements = StatementSplitter.split(script, dialect: dialect)
            SplitterFuzz.checkNothingDropped(script, statements, dialect: dialect)
        }
    }
}

/// Generators of scripts made of tricky fragments.
enum SplitterFuzz {
    /// Statements that each end the way their dialect's shell sees it.
    static let common = [
        "SELECT 1;", "INSERT INTO t VALUES ('a;b''c');", #"CREATE TABLE "x;y" ("a""b;" int);"#,
        "SELECT 'é;日本';", "SELECT 1 -- trailing; comment\n;",
    ]
    static let sqliteStatements =
        common + [
            "CREATE TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET d = 'e;'; END;",
            "CREATE TEMPORARY TRIGGER tt BEFORE DELETE ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END;",
            "CREATE TABLE [a;b] (`c;d` int);", "SELECT 'C:\\';", "EXPLAIN SELECT 1;",
            "CREATE TABLE t2 (a /* x /* y */ int);",
        ]
    static let postgresStatements =
        common + [
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
            "DO $body$ BEGIN PERFORM 'x;'; END $body$;", #"SELECT E'it\'s; \\';"#, #"SELECT U&'d\0061;';"#,
            "CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;",
            "CREATE RULE r AS ON INSERT TO t DO (INSERT INTO a VALUES (1); DELETE FROM b);",
            "SELECT /* a; /* b; */ c; */ 2;", "SELECT a$b$c FROM t;", "SELECT $1$$;$$;", "SELECT 'C:\\';",
        ]
    static let trivia = [" ", "\n", "\r\n", "\t", "-- note; here\n", "/* c; */", ";", "\n\n"]

    struct Generator {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        /// A script and the statements it must split into.
        mutating func script(dialect: Dialect) -> (String, [String]) {
            let pool = dialect == .sqlite ? SplitterFuzz.sqliteStatements : SplitterFuzz.postgresStatements
            var script = ""
            var expected: [String] = []
            for _ in 0..<(1 + next(8)) {
                for _ in 0..<next(3) { script += SplitterFuzz.trivia[next(SplitterFuzz.trivia.count)] }
                let statement = pool[next(pool.count)]
                if !script.isEmpty, !(script.last?.isWhitespace ?? true), script.last != ";" { script += " " }
                script += statement
                expected.append(statement)
            }
            return (script, expected)
        }

        /// The script truncated, or with a random ASCII byte inserted.
        mutating func mutated(_ script: String) -> String {
            var bytes = Array(script.utf8)
            switch next(3) {
            case 0: bytes = Array(bytes.prefix(next(bytes.count + 1)))
            case 1:
                let specials = Array("';\"$[]`/*-\\()eE".utf8)
                bytes.insert(specials[next(specials.count)], at: next(bytes.count + 1))
            default: bytes.removeSubrange(next(bytes.count)..<bytes.count)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func sqliteSamples(count: Int) -> [String] {
        var generator = Generator(seed: 42)
        return (0..<count).map { _ in generator.script(dialect: .sqlite).0 }
    }

    /// Statements are in order, each is the script's text at its offset, and the text between
    /// them holds no statement.
    static func checkNothingDropped(
        _ script: String, _ statements: [StatementSplitter.Statement], dialect: Dialect
    ) {
        let bytes = Array(script.utf8)
        var position = 0
        var gaps: [UInt8] = []
        for statement in statements {
            #expect(statement.offset >= position, "overlap in \(script)")
            guard statement.offset >= position, statement.offset + statement.length <= bytes.count else {
                return
            }
            #expect(
                Array(bytes[statement.offset..<statement.offset + statement.length])
                    == Array(statement.sql.utf8))
            gaps += bytes[position..<statement.offset] + [0x0A]
            position = statement.offset + statement.length
        }
        gaps += bytes[position...]
        let leftover = String(decoding: gaps, as: UTF8.self)
        #expect(StatementSplitter.split(leftover, dialect: dialect).isEmpty, "\(script)")
    }
}
