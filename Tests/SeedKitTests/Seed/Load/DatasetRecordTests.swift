import Foundation
import Testing

@testable import SeedKit

struct DatasetRecordTests {
    static let profile = Profile(
        name: "tiny", description: "",
        counts: ["shared.design_jobs": 8, "tech_spec_sessions": 8, "patterns": 40])

    @Test("a part of the same dataset differs in nothing; each other flag is named with both values")
    func differences() throws {
        let record = DatasetRecord(
            plan: try DatasetPlan(profile: Self.profile, seed: 42, part: SeedPart(index: 1, count: 4)))
        #expect(record.loaded == [])
        #expect(record.parts == 4)
        let same = try DatasetPlan(profile: Self.profile, seed: 42, part: SeedPart(index: 3, count: 4))
        #expect(record.differences(from: same).isEmpty)
        let seed = try DatasetPlan(profile: Self.profile, seed: 43, part: SeedPart(index: 3, count: 4))
        #expect(record.differences(from: seed) == ["--seed (loaded: 42, this run: 43)"])
        let scaled = try DatasetPlan(
            profile: try Self.profile.scaled(by: 2), seed: 42, part: SeedPart(index: 3, count: 4))
        #expect(
            record.differences(from: scaled)
                == ["--scale or --count (patterns: loaded 40 rows, this run 80)"])
        let parts = try DatasetPlan(profile: Self.profile, seed: 42, part: SeedPart(index: 1, count: 3))
        #expect(record.differences(from: parts) == ["N of --part (loaded: 4 parts, this run: 1/3)"])
    }

    @Test("the parts still missing, as K/N")
    func missingParts() throws {
        var record = DatasetRecord(
            plan: try DatasetPlan(profile: Self.profile, seed: 42, part: SeedPart(index: 2, count: 4)))
        record.loaded = [1, 3]
        #expect(record.missingParts == "2/4, 4/4")
        #expect(!record.isComplete)
        record.loaded = [1, 2, 3, 4]
        #expect(record.isComplete)
    }

    @Test(
        "the record and its dropped definitions round-trip through SQLite, and an older table gains the columns"
    )
    func roundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let connection = try SQLiteConnection(path: directory.appendingPathComponent("r.db").path)
        try connection.execute(
            script: """
                CREATE TABLE seedctl_dataset (
                    id integer PRIMARY KEY CHECK (id = 1), profile text NOT NULL, seed text NOT NULL,
                    as_of text NOT NULL, counts text NOT NULL);
                INSERT INTO seedctl_dataset VALUES (1, 'tiny', '42', '2026-01-01T00:00:00Z', '{"patterns":40}')
                """)
        let older = try #require(try DatasetRecord.load(connection))
        #expect(older.parts == 1)
        #expect(older.loaded == [1])
        var record = DatasetRecord(
            plan: try DatasetPlan(profile: Self.profile, seed: 42, part: SeedPart(index: 2, count: 4)))
        record.loaded = [2]
        record.dropped = [.init(table: "patterns", name: "patterns_pkey", sql: "PRIMARY KEY (id)", kind: "p")]
        try record.save(connection)
        #expect(try DatasetRecord.load(connection) == record)
    }
}
