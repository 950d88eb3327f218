import Foundation
import Testing

@testable import SeedKit

/// SQLite failures about the file itself name the file and say what to do (issue 13, defect 12).
@Suite("SQLite file errors")
struct SQLiteFileErrorTests {
    @Test("a locked database names the file and the way out")
    func locked() throws {
        let database = try TestDatabase.migrated(.sqlite)
        let path = String(database.url.dropFirst("sqlite:".count))
        let holder = try database.connect()
        try holder.execute(script: "BEGIN EXCLUSIVE")
        defer { try? holder.execute(script: "ROLLBACK") }
        let error = try #require(throws: DatabaseError.self) {
            let other = try SQLiteConnection(path: path, busyTimeout: 0)
            try other.execute(script: "DELETE FROM patterns")
        }
        #expect(error.description.contains("database is locked (\(path))"), "\(error)")
        #expect(error.description.contains("another process holds the write lock"))
    }

    @Test("a full database names the file and says to free space")
    func full() throws {
        let database = try TestDatabase.migrated(.sqlite)
        let connection = try database.connect()
        let path = String(database.url.dropFirst("sqlite:".count))
        let pages = try #require(try connection.query("PRAGMA page_count").first?.values.first?.int)
        try connection.execute(script: "PRAGMA max_page_count = \(pages + 2)")
        try connection.execute(script: "CREATE TABLE filler (b BLOB)")
        let error = try #require(throws: DatabaseError.self) {
            try connection.execute(script: "INSERT INTO filler VALUES (zeroblob(1000000))")
        }
        #expect(error.description.contains("(\(path))"), "\(error)")
        #expect(error.description.contains("the disk holding the file is full"))
    }

    @Test("clear on a read-only database: one line naming the file, exit 2, nothing deleted")
    func readOnlyCLI() throws {
        let database = try TestDatabase.seededFixture(.sqlite)
        let before = try database.digest()
        let path = String(database.url.dropFirst("sqlite:".count))
        let result = try CLI.run(
            ["clear", "--database-url", "sqlite:file:\(path)?mode=ro"], in: Repository.root)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.hasPrefix("seedctl: error: "))
        #expect(result.stderr.contains(path) && result.stderr.contains("read-only"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try database.digest() == before)
    }
}
