import Foundation
import Testing

@testable import SeedKit

/// `DatasetPlan.firstRow(of:driver:)`, which numbers the rows of a chunk for the columns a
/// migration added: for every built-in table, the rows generated for drivers [a, b) are exactly
/// firstRow(b) − firstRow(a), so any chunk and any part number their rows as one run does.
@Suite("seed: a chunk's first row index")
struct SeedFirstRowTests {
    @Test("rows of drivers [a, b) = firstRow(b) − firstRow(a), every table", arguments: [1, 3, 7])
    func firstRows(chunk: Int) throws {
        let folder = URL(fileURLWithPath: Repository.seeds)
        var profile = try ProfileCatalog(contentsOf: folder.appendingPathComponent("profiles.yml"))
            .profile(named: "default")
        profile = try profile.scaled(by: 0.05)
        let context = GeneratorContext(
            plan: try DatasetPlan(profile: profile, seed: 3),
            vocabulary: try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml")))
        for generator in context.generators() {
            let drivers = generator.drivers
            var start = drivers.lowerBound
            var total = 0
            while start < drivers.upperBound {
                let end = min(start + chunk, drivers.upperBound)
                var sink = RowCounter(inner: CSVEncoder(capacity: 0))
                try generator.generate(drivers: start..<end, into: &sink)
                let first = context.plan.firstRow(of: generator.table, driver: start)
                let next = context.plan.firstRow(of: generator.table, driver: end)
                #expect(next - first == sink.rows, "\(generator.table.name) drivers \(start)..<\(end)")
                total += sink.rows
                start = end
            }
            #expect(context.plan.firstRow(of: generator.table, driver: drivers.lowerBound) == 0)
            #expect(total == context.plan.rowCount(generator.table), "\(generator.table.name)")
        }
    }
}
