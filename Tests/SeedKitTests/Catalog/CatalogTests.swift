import Foundation
import Testing

@testable import SeedKit

struct CatalogTests {
    static let catalog = Catalog(
        queries: ["first", "second", "third"].map { name in
            CatalogQuery(
                name: name, expectation: .anyIndex, maxMs: 5, weight: 1, isWrite: false, parameters: [],
                sql: "SELECT 1", sqliteSQL: nil, file: "/project/Seeds/catalog.sql", line: 1)
        },
        file: "Seeds/catalog.sql")

    @Test func noNamesSelectsEveryQuery() throws {
        #expect(try Self.catalog.selecting([]) == Self.catalog.queries)
    }

    @Test func namedQueriesComeInCatalogOrderOnce() throws {
        let selected = try Self.catalog.selecting(["third", "first", "third"])
        #expect(selected.map(\.name) == ["first", "third"])
    }

    @Test func anUnknownNameNamesTheFileAndTheQueriesItHas() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.catalog.selecting(["first", "fourth", "fifth"])
        }
        #expect(
            error.description
                == "no query named 'fourth' in Seeds/catalog.sql; it has: first, second, third")
    }

    @Test func aCatalogReadFromAFileKeepsThePathAsGiven() throws {
        try withTemporaryDirectory { directory in
            let text = "-- name: only\n-- expect: full scan ok\n-- max_ms: 5\nSELECT 1\n"
            try writeFiles(["c.sql": text], in: directory)
            let folder = URL(fileURLWithPath: directory.path, isDirectory: true)
            let relative = URL(fileURLWithPath: "c.sql", relativeTo: folder)
            let catalog = try Catalog(contentsOf: relative)
            #expect(catalog.file == "c.sql")
            #expect(catalog.queries.map(\.name) == ["only"])
            #expect(catalog.queries == (try CatalogParser.load(contentsOf: relative)))
            let error = try #require(throws: ConfigurationError.self) { try catalog.selecting(["other"]) }
            #expect(error.description == "no query named 'other' in c.sql; it has: only")
        }
    }
}
