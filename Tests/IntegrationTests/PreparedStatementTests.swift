import Testing

@testable import SeedKit

/// `Connection.run(prepared:)`: prepared once per connection, reused with new parameters.
@Test("run(prepared:) reuses one statement with new parameters and counts rows", arguments: Backend.allCases)
func preparedStatementsAreReused(backend: Backend) throws {
    let database = try TestDatabase.migrated(backend)
    #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
    let connection = try database.connect()
    let sql = "SELECT id FROM tech_spec_sessions WHERE status = $1"
    let expected = try connection.query(
        "SELECT status, count(*) AS n FROM tech_spec_sessions GROUP BY status")
    #expect(expected.count >= 2)
    for row in expected {
        #expect(try connection.run(prepared: sql, [row["status"]]) == Int(row["n"].int ?? -1))
    }
    #expect(try connection.run(prepared: sql, ["no such status"]) == 0)
    if backend == .postgres {
        let statements = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements").first?["n"]
            .int
        #expect(statements == 1, "the same SQL must be prepared once")
    }
    let error = try #require(throws: DatabaseError.self) {
        try connection.run(prepared: "SELECT * FROM nowhere", [])
    }
    #expect(error.code == (backend == .postgres ? .undefinedTable : .sqlite("ERROR")))
}
