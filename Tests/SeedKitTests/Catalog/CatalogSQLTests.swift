import Testing

@testable import SeedKit

struct CatalogSQLTests {
    @Test func placeholdersAreNamedOnceInOrderOfFirstUse() {
        let sql = "SELECT a::text FROM t WHERE b = :b AND c = ':quoted' AND d IN (:ids) AND e = :b"
        #expect(CatalogSQL.placeholders(in: sql) == ["b", "ids"])
    }

    @Test func replacingAPlaceholderLeavesCastsAndLongerNamesAlone() {
        let sql = "SELECT :id::text, :ids FROM t WHERE id = :id"
        #expect(
            CatalogSQL.replacePlaceholder("id", with: "$1", in: sql)
                == "SELECT $1::text, :ids FROM t WHERE id = $1")
    }

    @Test(arguments: [
        "SELECT replace(status, 'update', 'delete') AS insert_count FROM tech_spec_sessions",
        "WITH s AS (SELECT id FROM tech_spec_sessions) SELECT id FROM s FOR UPDATE",
        "WITH s AS (SELECT id FROM tech_spec_sessions) SELECT id FROM s FOR NO KEY UPDATE",
        "WITH s AS (SELECT \"delete\" FROM t /* UPDATE t */) SELECT 1 -- INSERT",
        "WITH s AS (SELECT 'DELETE FROM t' AS q) SELECT q FROM s",
    ])
    func readsAreNotWrites(sql: String) {
        #expect(CatalogSQL.writeKeyword(in: sql) == nil, "\(sql)")
    }
}
