import Foundation
import Testing

@testable import SeedKit

/// The events a load reports, in order, on each backend: phases, and per table its start, the
/// rows after each chunk and what it took. `seedctl seed` shows them as progress and a summary.
@Suite("seed load events")
struct SeedLoadEventTests {
    @Test("a whole load into an empty database", arguments: Backend.allCases)
    func whole(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try load(into: database) == expected(backend))
    }

    @Test("--clear reports clearing first, then the same events", arguments: Backend.allCases)
    func clearing(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        _ = try load(into: database)
        #expect(try load(into: database, clear: true) == ["phase clearing"] + expected(backend))
        #expect(try database.digest() == Self.fixtureDigest)
    }

    @Test("--jobs reports loading shadow tables, every table once, then the swap", arguments: [2, 3])
    func parallel(jobs: Int) throws {
        let database = try TestDatabase.migrated(.postgres)
        var events: [String] = []
        let loads = try Seeder(context: try Self.context(), options: SeedOptions(chunkJobs: 4))
            .load(into: try DatabaseURL(database.url), jobs: jobs) { events.append(Self.describe($0)) }
        #expect(events.first == "phase loading shadow tables on \(jobs) connections")
        #expect(
            events.suffix(3) == [
                "phase building foreign keys", "phase swapping the shadow tables in", "phase committing",
            ])
        // Workers' progress is relayed to this thread, keeping only the latest of a run of them.
        let all = Set(tables(bytes: Self.binaryBytes))
        let progress = all.filter { $0.hasPrefix("progress ") }
        let loading = Set(events.dropFirst().dropLast(3))
        #expect(loading.subtracting(progress) == all.subtracting(progress))
        #expect(loading.isSubset(of: all))
        #expect(loads.map(\.table) == SeedSchema.tables.map(\.name))
        #expect(try database.digest() == Self.fixtureDigest)
    }

    @Test("--format csv reports every table in load order")
    func csv() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var events: [String] = []
        _ = try Seeder(context: try Self.context(), options: SeedOptions(chunkJobs: 4))
            .exportCSV(to: directory) { events.append(Self.describe($0)) }
        #expect(events == tables(bytes: Self.csvBytes))
    }

    // MARK: - Expected events

    /// The digest of profile fixture, seed 42.
    static let fixtureDigest = "519a86bf3848d0bf84a50e26d1a9e60640704fadffd78efe831946cfc2976da6"

    /// Rows after each chunk of 4 jobs (64 patterns) of profile fixture, seed 42.
    static let progress: KeyValuePairs<String, [Int]> = [
        "shared.design_jobs": [4, 5],
        "shared.design_outputs": [8, 10],
        "shared.design_decisions": [8, 10],
        "tech_spec_sessions": [8, 10],
        "tech_research": [28, 30],
        "tech_conversations": [41, 80],
        "tech_trd_documents": [5, 6],
        "tech_error_logs": [13, 15],
        "patterns": Array(stride(from: 64, to: 1000, by: 64)) + [1000],
    ]
    /// Bytes per table in each encoding.
    static let boundBytes = [
        "shared.design_jobs": 1310, "shared.design_outputs": 5902, "shared.design_decisions": 3783,
        "tech_spec_sessions": 2375, "tech_research": 20096, "tech_conversations": 27617,
        "tech_trd_documents": 11402, "tech_error_logs": 3541, "patterns": 472526,
    ]
    static let copyBytes = [
        "shared.design_jobs": 1183, "shared.design_outputs": 5758, "shared.design_decisions": 3545,
        "tech_spec_sessions": 2024, "tech_research": 19262, "tech_conversations": 25617,
        "tech_trd_documents": 11374, "tech_error_logs": 2962, "patterns": 425752,
    ]
    /// Binary COPY tuples (PostgreSQL's serial load), without the stream's header and trailer.
    static let binaryBytes = [
        "shared.design_jobs": 864, "shared.design_outputs": 5272, "shared.design_decisions": 3151,
        "tech_spec_sessions": 1263, "tech_research": 18200, "tech_conversations": 22577,
        "tech_trd_documents": 11042, "tech_error_logs": 2510, "patterns": 426526,
    ]
    static let csvBytes = [
        "shared.design_jobs": 1177, "shared.design_outputs": 5712, "shared.design_decisions": 3553,
        "tech_spec_sessions": 2012, "tech_research": 20814, "tech_conversations": 26375,
        "tech_trd_documents": 11287, "tech_error_logs": 2960, "patterns": 433336,
    ]

    /// A serial load's events on `backend`.
    private func expected(_ backend: Backend) -> [String] {
        switch backend {
        case .sqlite:
            tables(bytes: Self.boundBytes) + [
                "phase building indexes", "phase checking foreign keys", "phase analyzing",
                "phase committing",
            ]
        case .postgres:
            tables(bytes: Self.binaryBytes)
                + ["phase building indexes and foreign keys", "phase analyzing", "phase committing"]
        }
    }

    /// Every table's events in load order, with its bytes in one encoding.
    private func tables(bytes: [String: Int]) -> [String] {
        Self.progress.flatMap { table, rows -> [String] in
            let total = rows.last ?? 0
            return ["start \(table) \(total)"] + rows.map { "progress \(table) \($0)" }
                + ["finish \(table) \(total) \(bytes[table] ?? -1)"]
        }
    }

    // MARK: - Running a load

    private func load(into database: TestDatabase, clear: Bool = false) throws -> [String] {
        var events: [String] = []
        let seeder = Seeder(context: try Self.context(), options: SeedOptions(clear: clear, chunkJobs: 4))
        _ = try seeder.load(into: try database.connect()) { events.append(Self.describe($0)) }
        return events
    }

    static func context() throws -> GeneratorContext {
        let folder = URL(fileURLWithPath: Repository.seeds)
        let profile = try ProfileCatalog(contentsOf: folder.appendingPathComponent("profiles.yml"))
            .profile(named: "fixture")
        return GeneratorContext(
            plan: try DatasetPlan(profile: profile, seed: 42),
            vocabulary: try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml")))
    }

    static func describe(_ event: SeedEvent) -> String {
        switch event {
        case .phase(let name): "phase \(name)"
        case .tableStarted(let name, let rows): "start \(name) \(rows)"
        case .progress(let name, let rows): "progress \(name) \(rows)"
        case .tableFinished(let load): "finish \(load.table) \(load.rows) \(load.bytes)"
        case .notice(let note): "notice \(note)"
        }
    }
}
