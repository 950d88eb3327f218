import Testing

@testable import SeedKit

@Suite("schema: CHECK shapes, SQLite CHECK text, defaults, types")
struct CheckShapeTests {
    @Test("an IN-list, as SQLite keeps it and as PostgreSQL prints it")
    func allowedValues() {
        let sqlite = CheckShape(["status IN ('pending', 'in_progress', 'it''s')"])
        #expect(sqlite.allowed["status"] == ["pending", "in_progress", "it's"])
        let postgres = CheckShape(["(role = ANY (ARRAY['user'::text, 'agent'::text, 'system'::text]))"])
        #expect(postgres.allowed["role"] == ["user", "agent", "system"])
        #expect(CheckShape(["recovered IN (0, 1)"]).allowed["recovered"] == ["0", "1"])
    }

    @Test("ranges: BETWEEN, and both bounds in one CHECK; one bound alone is no range")
    func ranges() {
        #expect(
            CheckShape(["progress_percentage BETWEEN 0 AND 100"]).range(of: "progress_percentage") == 0...100)
        let postgres = CheckShape([
            "((quality_score >= (0)::double precision) AND (quality_score <= (1)::double precision))"
        ])
        #expect(postgres.range(of: "quality_score") == 0...1)
        #expect(CheckShape(["(usage_count >= 0)"]).range(of: "usage_count") == nil)
        #expect(
            CheckShape(["success_count >= 0 AND success_count <= usage_count"]).range(of: "success_count")
                == nil)
    }

    @Test("SQLite's uuid, timestamp and JSON conventions pin a TEXT column's logical type")
    func sqliteTypes() {
        let shape = CheckShape([
            "length(id) = 36 AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'",
            "created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'",
            "CASE WHEN json_valid(options) THEN json_type(options) = 'array' ELSE 0 END",
        ])
        #expect(shape.types == ["id": .uuid, "created_at": .timestamp, "options": .json])
    }

    @Test("CHECKs read from CREATE TABLE text: names, nesting, and CHECK inside strings or comments ignored")
    func sqliteTableText() {
        let sql = """
            CREATE TABLE t (
                a TEXT NOT NULL CHECK (a IN ('x', 'CHECK (no)')), -- CHECK (comment)
                b INTEGER CONSTRAINT b_positive CHECK ((b > 0) AND (b < 10)),
                /* CHECK (block) */ c TEXT,
                CONSTRAINT "t order" CHECK (b >= length(a))
            )
            """
        let checks = SQLiteTableDefinition.checks(in: sql)
        #expect(checks.map(\.name) == [nil, "b_positive", "t order"])
        #expect(
            checks.map(\.expression) == [
                "a IN ('x', 'CHECK (no)')", "(b > 0) AND (b < 10)", "b >= length(a)",
            ])
    }

    @Test("a literal DEFAULT, cast or not, is constant; a call is evaluated per row")
    func defaults() {
        for constant in [
            "'pending'::text", "0", "'[]'::jsonb", "true", "(-1.5)", "'a''b'::character varying",
        ] {
            #expect(ColumnDefault(expression: constant) == .constant(constant))
        }
        for volatile in ["now()", "gen_random_uuid()", "nextval('t_id_seq'::regclass)", "CURRENT_TIMESTAMP"] {
            #expect(ColumnDefault(expression: volatile) == .volatile(volatile))
        }
    }

    @Test("logical types of PostgreSQL and SQLite type names")
    func logicalTypes() {
        #expect(LogicalType.postgres("character varying(20)", kind: "b") == .text)
        #expect(LogicalType.postgres("timestamp with time zone", kind: "b") == .timestamp)
        #expect(LogicalType.postgres("review_state", kind: "e") == .enumeration)
        #expect(LogicalType.postgres("integer[]", kind: "b") == .other)
        #expect(LogicalType.sqliteDeclared("VARCHAR(20)") == .text)
        #expect(LogicalType.sqliteDeclared("BIGINT") == .integer)
        #expect(LogicalType.sqliteDeclared("DATETIME") == .timestamp)
        #expect(LogicalType.sqliteDeclared("DOUBLE PRECISION") == .real)
        #expect(LogicalType.enumeration.matches(.text) && !LogicalType.uuid.matches(.text))
    }
}
