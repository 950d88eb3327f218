import Foundation
import Testing

@testable import SeedKit

/// Readiness checks on a SQLite file, each failing with one line that names what to run.
struct DatabaseReadinessTests {
    @Test("an unmigrated database names its first missing table and seedctl migrate")
    func unmigrated() throws {
        try withDatabase(tables: false) { readiness, _ in
            let error = #expect(throws: NotReadyError.self) { try readiness.requireMigrated() }
            #expect(
                error?.description
                    == "the database is not migrated (table shared_design_jobs and 8 more missing); "
                    + "run 'seedctl migrate' first")
        }
    }

    @Test("empty tables: migrated and empty, but not seeded")
    func empty() throws {
        try withDatabase(tables: true) { readiness, _ in
            try readiness.requireMigrated()
            try readiness.requireEmpty()
            #expect(try readiness.nonEmptyTables().isEmpty)
            let error = #expect(throws: NotReadyError.self) {
                try readiness.requireSeeded(else: "seed it first")
            }
            #expect(error?.description == "seed it first")
        }
    }

    @Test("a table with rows: seeded, not empty, and this part already there")
    func holdingRows() throws {
        try withDatabase(tables: true) { readiness, connection in
            let plan = try DatasetPlan(
                profile: Profile(name: "tiny", description: "", counts: ["shared.design_jobs": 2]), seed: 42)
            try connection.query(
                "INSERT INTO shared_design_jobs (id) VALUES ($1)", [.text(plan.jobID(0).description)])
            try readiness.requireSeeded(else: "unreachable")
            #expect(try readiness.nonEmptyTables() == ["shared_design_jobs"])
            let empty = #expect(throws: NotReadyError.self) { try readiness.requireEmpty() }
            #expect(empty?.description.hasPrefix("shared_design_jobs already holds data; ") == true)
            let part = #expect(throws: NotReadyError.self) {
                try SeededTables.claimPart(plan, previous: nil, on: connection)
            }
            #expect(
                part?.description.hasPrefix("shared_design_jobs holds rows no seedctl part wrote") == true)
        }
    }

    /// A SQLite database with, when `tables` is set, every seeded table (an `id` column only).
    private func withDatabase(
        tables: Bool, _ body: (DatabaseReadiness, any Connection) throws -> Void
    ) throws {
        try withTemporaryDirectory { directory in
            let connection = try SQLiteConnection(path: directory.appendingPathComponent("ready.db").path)
            if tables {
                for table in SeedSchema.tables {
                    try connection.execute(script: "CREATE TABLE \(table.physicalName(.sqlite)) (id text)")
                }
            }
            try body(SeededTables.readiness(on: connection), connection)
        }
    }
}
