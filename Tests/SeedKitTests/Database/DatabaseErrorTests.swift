import Testing

@testable import SeedKit

/// Error text never carries row data: PostgreSQL's DETAIL is shown only when it names none.
/// Codes, messages and details below are verbatim what PostgreSQL 15 sent (captured with psql's
/// `\set VERBOSITY verbose`) for tables `parent (id uuid)` and `child (id int, parent_id uuid,
/// status text NOT NULL, n numeric(5,2), doc json, CHECK (id > 0))`.
struct DatabaseErrorTests {
    /// Details that quote the row: never in `description`, whatever the message.
    @Test(
        arguments: [
            (
                "23505", #"duplicate key value violates unique constraint "child_pkey""#,
                "Key (id)=(1) already exists."
            ),
            (
                "23503",
                #"insert or update on table "child" violates foreign key constraint "child_parent_id_fkey""#,
                #"Key (parent_id)=(ffffffff-0000-4000-8000-000000000000) is not present in table "parent"."#
            ),
            (
                "23503",
                #"update or delete on table "parent" violates foreign key constraint "child_parent_id_fkey" "#
                    + #"on table "child""#,
                #"Key (id)=(0a1b2c3d-0000-4000-8000-000000000000) is still referenced from table "child"."#
            ),
            (
                "23502", #"null value in column "status" of relation "child" violates not-null constraint"#,
                "Failing row contains (3, null, null, 1.00, {})."
            ),
            (
                "23514", #"new row for relation "child" violates check constraint "child_id_check""#,
                "Failing row contains (-4, null, x, 1.00, {})."
            ),
            ("22P02", "invalid input syntax for type json", #"Token "secret" is invalid."#),
            ("22P02", "invalid input syntax for type json", #"Expected ":", but found "1"."#),
            (
                "22003", "numeric field overflow",
                "A field with precision 5, scale 2 must round to an absolute value less than 10^3."
            ),
            // RAISE EXCEPTION 'custom' USING DETAIL = …: any code; the shape decides.
            ("P0001", "custom", "Key (id)=(5) is special."),
        ])
    func withholdsDetailThatQuotesData(code: String, message: String, detail: String) {
        let error = DatabaseError(code: SQLState(rawValue: code), message: message, detail: detail)
        #expect(error.shownDetail == nil)
        #expect(error.description == "\(message) (\(code)); detail not shown: it may quote row values")
        #expect(error.detail == detail, "the full detail stays available to the library's callers")
    }

    /// Details that name objects, sessions or types, not values: shown, on one line.
    @Test(
        arguments: [
            (
                "55006", #"database "errshapes" is being accessed by other users"#,
                "There is 1 other session using the database.", nil,
                #"database "errshapes" is being accessed by other users (55006); "#
                    + "There is 1 other session using the database."
            ),
            (
                "2BP01", "cannot drop table parent because other objects depend on it",
                "constraint child_parent_id_fkey on table child depends on table parent",
                "Use DROP ... CASCADE to drop the dependent objects too.",
                "cannot drop table parent because other objects depend on it (2BP01); constraint "
                    + "child_parent_id_fkey on table child depends on table parent; "
                    + "hint: Use DROP ... CASCADE to drop the dependent objects too."
            ),
            (
                "42804", #"foreign key constraint "bad_pid_fkey" cannot be implemented"#,
                #"Key columns "pid" and "id" are of incompatible types: text and uuid."#, nil,
                #"foreign key constraint "bad_pid_fkey" cannot be implemented (42804); "#
                    + #"Key columns "pid" and "id" are of incompatible types: text and uuid."#
            ),
            (
                "40P01", "deadlock detected",
                "Process 28605 waits for ShareLock on transaction 743; blocked by process 28606.\n"
                    + "Process 28606 waits for ShareLock on transaction 744; blocked by process 28605.",
                "See server log for query details.",
                "deadlock detected (40P01); Process 28605 waits for ShareLock on transaction 743; "
                    + "blocked by process 28606. Process 28606 waits for ShareLock on transaction 744; "
                    + "blocked by process 28605.; hint: See server log for query details."
            ),
        ] as [(String, String, String, String?, String)])
    func showsDetailThatNamesNoData(
        code: String, message: String, detail: String, hint: String?, expected: String
    ) {
        let error = DatabaseError(
            code: SQLState(rawValue: code), message: message, detail: detail, hint: hint)
        #expect(error.shownDetail == detail)
        #expect(error.description == expected)
    }

    @Test func withoutDetailOnlyMessageCodeAndHint() {
        let syntax = DatabaseError(code: .syntaxError, message: #"syntax error at or near "SELEC""#)
        #expect(syntax.description == #"syntax error at or near "SELEC" (42601)"#)
        let sqlite = DatabaseError(
            code: .sqlite("CONSTRAINT"), message: "UNIQUE constraint failed: t.id", detail: "")
        #expect(sqlite.description == "UNIQUE constraint failed: t.id (SQLITE_CONSTRAINT)")
        let hinted = DatabaseError(
            code: .undefinedTable, message: #"relation "x" does not exist"#, hint: "migrate")
        #expect(hinted.description == #"relation "x" does not exist (42P01); hint: migrate"#)
    }
}
