import Foundation
import Testing

@testable import SeedKit

struct MigrationTests {
    @Test(arguments: [
        ("0001_create.sql", 1, "create"),
        ("12_x.sql", 12, "x"),
        ("0003_add_session_index.sql", 3, "add_session_index"),
        ("0100_v2_tables.sql", 100, "v2_tables"),
    ])
    func parsesVersionAndName(fileName: String, version: Int, name: String) throws {
        let parsed = try #require(Migration.parseFileName(fileName))
        #expect(parsed.version == version)
        #expect(parsed.name == name)
    }

    @Test(arguments: [
        "abc.sql", "0001.sql", "0001_.sql", "0000_x.sql", "x_0001.sql", "-1_x.sql", "0001_create.txt",
        "0001_create.sql.bak", "_create.sql",
    ])
    func rejectsOtherFileNames(_ fileName: String) {
        #expect(Migration.parseFileName(fileName) == nil)
    }

    @Test func versionIsDigitsOnly() {
        #expect(Migration.parseFileName("+1_x.sql") == nil)
    }

    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func checksumIsSHA256HexOfTheBytes(contents: String, sha256: String) {
        #expect(migration(Data(contents.utf8)).checksum == sha256)
    }

    @Test func checksumSeesBytesTheTextHides() {
        let lf = migration(Data("SELECT 1;\n".utf8))
        let crlf = migration(Data("SELECT 1;\r\n".utf8))
        #expect(lf.checksum != crlf.checksum)
        #expect(lf.checksum.count == 64)
        #expect(lf.checksum.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func idIsModuleAndPaddedVersion() {
        #expect(
            Migration(module: "design", version: 7, name: "x", path: "p", data: Data()).id == "design/0007")
    }

    @Test(arguments: [
        ("-- seedctl:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("-- Adds an index.\n-- seedctl:no-transaction\n\nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("\n  --   seedctl:no-transaction  \nCREATE INDEX CONCURRENTLY i ON t (a);", false),
        ("CREATE TABLE t (a int);\n-- seedctl:no-transaction\n", true),
        ("SELECT 1; -- seedctl:no-transaction\n", true),
        ("-- seedctl:no-transactions\nSELECT 1;", true),
        ("/* seedctl:no-transaction */\nSELECT 1;", true),
        ("-- just a comment\nCREATE TABLE t (a int);", true),
        ("", true),
    ])
    func runsInTransactionUnlessTheHeaderSaysNo(sql: String, transactional: Bool) {
        #expect(migration(Data(sql.utf8)).runsInTransaction == transactional)
    }

    private func migration(_ data: Data) -> Migration {
        Migration(module: "design", version: 1, name: "x", path: "design/0001_x.sql", data: data)
    }
}
