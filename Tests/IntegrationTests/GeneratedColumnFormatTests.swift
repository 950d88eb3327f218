import Foundation
import Testing

@testable import SeedKit

/// What `SQLiteCheckSplit` relies on: every built-in generator writes each column through the
/// sink call of the column's declared type (so a UUID is `SeedUUID`'s text and a timestamp
/// `Timestamp`'s), NULL only where the column is nullable, and JSON that parses with the root
/// type the column declares.
@Suite("generated columns keep their declared formats")
struct GeneratedColumnFormatTests {
    struct FormatSink: RowSink {
        let table: SeededTable
        var column = 0
        var problems: [String] = []

        mutating func wrote(_ type: ColumnType?, json: String? = nil) {
            guard column < table.columns.count else {
                problems.append("\(table.name): more values than columns")
                return
            }
            let declared = table.columns[column]
            if let type, type != declared.type {
                problems.append("\(table.name).\(declared.name): \(type) written, \(declared.type) declared")
            }
            if type == nil, !declared.nullable { problems.append("\(table.name).\(declared.name): NULL") }
            if let json, let root = declared.jsonRoot {
                let value = try? JSONSerialization.jsonObject(
                    with: Data(json.utf8), options: [.fragmentsAllowed])
                let matches = root == .array ? value is [Any] : value is [String: Any]
                if !matches { problems.append("\(table.name).\(declared.name): not a JSON \(root): \(json)") }
            }
            column += 1
        }

        mutating func uuid(_ value: SeedUUID) { wrote(.uuid) }
        mutating func text(_ value: String) { wrote(.text) }
        mutating func integer(_ value: Int) { wrote(.integer) }
        mutating func real(_ value: Double) { wrote(.real) }
        mutating func boolean(_ value: Bool) { wrote(.boolean) }
        mutating func timestamp(_ value: Timestamp) { wrote(.timestamp) }
        mutating func json(_ value: String) { wrote(.json, json: value) }
        mutating func null() { wrote(nil) }
        mutating func endRow() throws {
            if column != table.columns.count { problems.append("\(table.name): a row of \(column) values") }
            column = 0
        }
    }

    @Test("every built-in table, the default profile scaled down")
    func formats() throws {
        let folder = URL(fileURLWithPath: Repository.seeds)
        let profile = try ProfileCatalog(contentsOf: folder.appendingPathComponent("profiles.yml"))
            .profile(named: "default").scaled(by: 0.05)
        let context = GeneratorContext(
            plan: try DatasetPlan(profile: profile, seed: 11),
            vocabulary: try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml")))
        #expect(
            SeedSchema.tables.flatMap(\.columns).filter { $0.type == .json }.allSatisfy { $0.jsonRoot != nil }
        )
        for generator in context.generators() {
            var sink = FormatSink(table: generator.table)
            try generator.generate(drivers: generator.drivers, into: &sink)
            #expect(sink.problems.prefix(5) == [], "\(generator.table.name)")
        }
    }

    @Test("a UUID and a timestamp print as the SQLite schema's GLOBs require")
    func printedForms() {
        for (high, low): (UInt64, UInt64) in [
            (0, 0), (.max, .max), (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210),
        ] {
            let uuid = SeedUUID(high: high, low: low).description
            #expect(
                uuid.wholeMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/#) != nil,
                "\(uuid)")
        }
        for microseconds: Int64 in [0, 1, 1_767_225_600_123_456, 253_402_300_799_999_999] {
            let text = Timestamp(microseconds: microseconds).iso8601
            #expect(text.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/#) != nil, "\(text)")
        }
    }
}
