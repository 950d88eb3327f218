import Foundation
import Testing

@testable import SeedKit

struct MigrationTests {
    @Test(arguments: [
        ("0001_create.sql", 1, "0001", "create"),
        ("12_x.sql", 12, "12", "x"),
        ("0003_add_session_index.sql", 3, "0003", "add_session_index"),
        ("0100_v2_tables.sql", 100, "0100", "v2_tables"),
        ("0000_x.sql", 0, "0000", "x"),
        ("20230117143902_add_x.sql", 20_230_117_143_902, "20230117143902", "add_x"),
        ("20230117143902.sql", 20_230_117_143_902, "20230117143902", ""),
        ("000001_create_users.up.sql", 1, "000001", "create_users"),
    ])
    func parsesVersionAndName(fileName: String, version: Int, versionText: String, name: String) throws {
        let parsed = try #require(Migration.parseFileName(fileName))
        #expect(parsed.version == version)
        #expect(parsed.versionText == versionText)
        #expect(parsed.name == name)
    }

    @Test func golangMigrateHalves() {
        #expect(Migration.parseFileName("1_x.up.sql")?.half == .up)
        #expect(Migration.parseFileName("1_x.down.sql")?.half == .down)
        #expect(Migration.parseFileName("1_x.sql")?.half == nil)
    }

    @Test(arguments: [
        "abc.sql", "0001_.sql", "x_0001.sql", "-1_x.sql", "0001_create.txt", "0001_create.sql.bak",
        "_create.sql",
        "99999999999999999999_too_big.sql",
    ])
    func rejectsOtherFileNames(_ fileName: String) {
        #expect(Migration.parseFileName(fileName) == nil)
    }

    @Test func versionIsDigitsOnly() {
        #expect(Migration.parseFileName("+1_x.sql") == nil)
    }

    @Test func legacyChecksumIsSHA256OfTheBytesAsSeedctl010Recorded() {
        #expect(
            migration("abc").legacyChecksum
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(migration("abc").checksum == Self.sha256("abc\n"))
    }

    /// A 0.1.0 ledger row (SHA-256 of the file's bytes) still matches the file after it gains a
    /// down section, a byte-order mark or CRLF line ends.
    @Test func oldLedgerRowsKeepMatching() {
        let original = "-- design 0001\nCREATE TABLE t (a int);\n"
        let recordedBy010 = Self.sha256(original)
        #expect(migration(original).matches(checksum: recordedBy010))
        #expect(migration(original + "\n-- seedctl:down\nDROP TABLE t;\n").matches(checksum: recordedBy010))
        #expect(
            migration(original.replacingOccurrences(of: "\n", with: "\r\n")).matches(checksum: recordedBy010))
        #expect(migration("\u{FEFF}" + original).matches(checksum: recordedBy010))
        #expect(!migration(original + "CREATE TABLE u (b int);\n").matches(checksum: recordedBy010))
    }

    @Test func checksumCoversTheUpHalfOnly() {
        let up = "-- migrate:up\nCREATE TABLE t (a int);\n"
        #expect(
            migration(up + "-- migrate:down\nDROP TABLE t;\n").checksum
                == migration(up + "-- migrate:down\n").checksum)
        #expect(migration(up).checksum != migration("-- migrate:up\nCREATE TABLE t (b int);\n").checksum)
    }

    @Test func idKeepsTheVersionAsWritten() {
        #expect(
            Migration(module: "design", version: 7, name: "x", path: "p", data: Data("SELECT 1;".utf8)).id
                == "design/0007")
        let stamp = Migration(
            module: "design", version: 20_230_117_143_902, versionText: "20230117143902", name: "x",
            path: "p",
            data: Data("SELECT 1;".utf8))
        #expect(stamp.id == "design/20230117143902")
        #expect(Migration.display(20_230_117_143_902) == "20230117143902")
        #expect(Migration.display(0) == "0000")
    }

    @Test(arguments: [
        ("-- seedctl:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("-- Adds an index.\n-- seedctl:no-transaction\n\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("\n  --   seedctl:no-transaction  \nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("-- SEEDCTL:NO-TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("-- seedctl:no_transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("\u{FEFF}-- seedctl:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("SELECT 1; -- seedctl:no-transaction\n", true),
        ("/* seedctl:no-transaction */\nSELECT 1;", true),
        ("-- just a comment\nCREATE TABLE t (a int);", true),
        (
            "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;",
            false
        ),
        ("-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
    ])
    func runsInTransactionUnlessTheHeaderSaysNo(sql: String, transactional: Bool) {
        let parsed = migration(sql)
        #expect(parsed.runsInTransaction == transactional)
        #expect(parsed.refusal == nil)
    }

    @Test(arguments: [
        ("CREATE TABLE t (a int);\n-- seedctl:no-transaction\n", "x.sql:2:", "before the first statement"),
        ("-- seedctl:no-transactions\nSELECT 1;", "x.sql:1:", "unknown directive"),
        ("-- seedctl:irreversible\nSELECT 1;", "x.sql:1:", "unknown directive"),
        ("", "x.sql", "no SQL to apply"),
        (
            "-- design 0002: add index (postgres)\n\n-- seedctl:up\n\n-- seedctl:down\n", "x.sql",
            "no SQL to apply"
        ),
        ("SELECT 1;\n\\connect other\nSELECT 2;", "x.sql:2:1", "\\connect"),
        ("CREATE TABLE a (x int);\nCOMMIT;\nCREATE TABLE b (x int);", "x.sql:2:1", "COMMIT"),
        ("SELECT 'caf\u{E9}';", "", ""),
        ("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;", "x.sql:2", "StatementEnd"),
    ])
    func refusesFilesItCannotRunHonestly(sql: String, location: String, reason: String) {
        let refusal = migration(sql).refusal
        if location.isEmpty {
            #expect(refusal == nil)  // é is valid UTF-8
        } else {
            #expect(refusal?.hasPrefix(location) == true, "\(refusal ?? "nil")")
            #expect(refusal?.contains(reason) == true, "\(refusal ?? "nil")")
        }
    }

    @Test func invalidUTF8IsRefusedWithItsLine() {
        var bytes = Array("-- a\nSELECT 1;\nINSERT INTO t VALUES ('caf".utf8)
        bytes += [0xE9] + Array("');\n".utf8)
        let parsed = Migration(module: "design", version: 1, name: "x", path: "x.sql", data: Data(bytes))
        #expect(parsed.refusal?.hasPrefix("x.sql:3: not valid UTF-8") == true, "\(parsed.refusal ?? "nil")")
    }

    @Test func byteOrderMarkIsStrippedBeforeSplitting() {
        let parsed = migration("\u{FEFF}CREATE TABLE t (a int);")
        #expect(parsed.up.statements.map(\.sql) == ["CREATE TABLE t (a int);"])
        #expect(parsed.up.statements.first?.offset == 0)
    }

    @Test func dbmateSections() throws {
        let parsed = migration(
            """
            -- migrate:up
            CREATE TABLE users (id int);
            CREATE TABLE cars (id int);

            -- migrate:down
            DROP TABLE cars;
            DROP TABLE users;
            """)
        #expect(parsed.format == .dbmate)
        #expect(
            parsed.up.statements.map(\.sql) == [
                "CREATE TABLE users (id int);", "CREATE TABLE cars (id int);",
            ])
        #expect(try #require(parsed.down).statements.map(\.sql) == ["DROP TABLE cars;", "DROP TABLE users;"])
        #expect(parsed.up.location(ofOffset: parsed.up.statements[1].offset) == "x.sql:3:1")
    }

    @Test func gooseAnnotations() throws {
        let parsed = migration(
            """
            -- +goose Up
            -- +goose StatementBegin
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN NEW.updated_at = now(); RETURN NEW; END;
            $$ LANGUAGE plpgsql;
            -- +goose StatementEnd
            CREATE TABLE t (a int);

            -- +goose Down
            DROP TABLE t;
            DROP FUNCTION touch();
            """)
        #expect(parsed.format == .goose)
        #expect(parsed.up.statements.count == 2)
        #expect(parsed.up.statements[0].sql.hasPrefix("CREATE FUNCTION touch()"))
        #expect(parsed.up.statements[0].sql.hasSuffix("LANGUAGE plpgsql;"))
        #expect(try #require(parsed.down).statements.count == 2)
    }

    @Test func seedctlSectionsWithAndWithoutUpMarker() throws {
        let implicit = migration("CREATE TABLE t (a int);\n-- seedctl:down\nDROP TABLE t;\n")
        #expect(implicit.up.statements.map(\.sql) == ["CREATE TABLE t (a int);"])
        #expect(try #require(implicit.down).statements.map(\.sql) == ["DROP TABLE t;"])
        let explicit = migration(
            "-- header\n-- SEEDCTL:UP\nCREATE TABLE t (a int);\n-- Seedctl:Down\nDROP TABLE t;\n")
        #expect(explicit.up.statements.map(\.sql) == ["CREATE TABLE t (a int);"])
        #expect(explicit.down?.statements.map(\.sql) == ["DROP TABLE t;"])
        #expect(migration("CREATE TABLE t (a int);").down == nil)
    }

    @Test func sqliteDumpOwnTransactionIsUnwrapped() {
        let parsed = Migration(
            module: "m", version: 1, name: "x", path: "x.sql",
            data: Data("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t (a);\nCOMMIT;\n".utf8),
            dialect: .sqlite)
        #expect(parsed.refusal == nil)
        #expect(parsed.up.statements.map(\.sql) == ["PRAGMA foreign_keys=OFF;", "CREATE TABLE t (a);"])
    }

    private func migration(_ text: String) -> Migration {
        Migration(module: "design", version: 1, name: "x", path: "x.sql", data: Data(text.utf8))
    }

    static func sha256(_ text: String) -> String {
        Migration.sha256(Data(text.utf8))
    }
}
