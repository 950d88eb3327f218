import Foundation
import Testing

@testable import SeedKit

/// Binding rows encoded by `BoundRowEncoder` straight from their bytes.
struct SQLiteStatementTests {
    @Test("bound rows insert every kind of value unchanged, text byte for byte")
    func boundRows() throws {
        try withTable { connection in
            var encoder = BoundRowEncoder(capacity: 64)
            let texts = [
                "", "plain", "tab\there, new\nline, quote \" and \\ backslash", "çé 日本 🌱",
                String(repeating: "long ", count: 20_000),
            ]
            for (index, text) in texts.enumerated() {
                encoder.integer(index)
                encoder.text(text)
                encoder.real(Double(index) / 4)
                index.isMultiple(of: 2) ? encoder.null() : encoder.boolean(true)
                encoder.endRow()
            }
            let insert = try connection.prepare("INSERT INTO t (i, s, r, n) VALUES ($1, $2, $3, $4)")
            try insert.run(boundRows: encoder.buffer)
            let rows = try connection.query("SELECT i, s, r, n FROM t ORDER BY i")
            #expect(rows.map { $0["i"] } == texts.indices.map { .integer(Int64($0)) })
            #expect(rows.map { $0["s"] } == texts.map { .text($0) })
            #expect(rows.map { $0["r"] } == texts.indices.map { .real(Double($0) / 4) })
            #expect(rows.map { $0["n"] } == texts.indices.map { $0.isMultiple(of: 2) ? .null : .integer(1) })
        }
    }

    @Test("an unknown tag fails with its position instead of binding garbage")
    func unknownTag() throws {
        try withTable { connection in
            let insert = try connection.prepare("INSERT INTO t (i, s, r, n) VALUES ($1, $2, $3, $4)")
            let error = #expect(throws: DatabaseError.self) {
                try insert.run(boundRows: [BoundRowFormat.null, 7])
            }
            #expect(error?.message == "bound rows hold an unknown tag 7 at byte 1")
        }
    }

    @Test("a connection names its concrete backend")
    func backend() throws {
        try withTable { connection in
            let any: any Connection = connection
            guard case .sqlite(let sqlite) = any.backend else {
                Issue.record("expected a SQLite backend")
                return
            }
            #expect(sqlite === connection)
        }
    }

    private func withTable(_ body: (SQLiteConnection) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let connection = try SQLiteConnection(path: directory.appendingPathComponent("bound.db").path)
            try connection.execute(script: "CREATE TABLE t (i integer, s text, r real, n integer)")
            try body(connection)
        }
    }
}
