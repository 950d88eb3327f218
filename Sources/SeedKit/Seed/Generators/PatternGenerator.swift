import Foundation

/// `patterns`: `PAT:<CATEGORY>:<NAME>_<n>` with heavy-tailed usage (some never used), success
/// at most usage, and pitfalls as a JSON array.
struct PatternGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.patterns }
    var drivers: Range<Int> { context.plan.patternRange }
    static let stream = CounterHash.stream(SeedSchema.patterns.name)

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        let vocabulary = context.vocabulary
        for pattern in drivers {
            let random = plan.row(Self.stream, pattern)
            let category = random.pick(1, from: vocabulary.patternCategories)
            let name = random.pick(2, from: category.patterns)
            let human = name.lowercased().replacingOccurrences(of: "_", with: " ")
            // Pareto-like usage: 12% unused, most small, a few in the hundreds of thousands.
            let usage = random.unit(3) < 0.12 ? 0 : min(500_000, Int(2 / pow(1 - random.unit(4), 0.9)))
            let success = Int((Double(usage) * (0.25 + 0.74 * random.unit(5))).rounded(.down))
            let slots: (Template.Slot) -> String = { slot in
                switch slot {
                case .pattern: human
                case .category: category.name.lowercased().replacingOccurrences(of: "_", with: " ")
                default: context.slots(random)(slot)
                }
            }
            let pitfalls = (0..<random.int(6, in: 1...4)).map {
                jsonString(
                    vocabulary.pitfalls[Int(random.bits(UInt64(30 + $0)) % UInt64(vocabulary.pitfalls.count))]
                )
            }
            let created = plan.asOf.adding(
                -Int64(random.unit(7) * Double(700 * Timestamp.day)) - Timestamp.hour)
            let updated = created.adding(
                Int64(random.unit(8) * Double(plan.asOf.microseconds - created.microseconds)))
            sink.text("PAT:\(category.name):\(name)_\(pattern + 1)")
            sink.text(category.name)
            sink.text(human.prefix(1).uppercased() + human.dropFirst())
            sink.integer(usage)
            sink.integer(success)
            sink.text(random.pick(9, from: vocabulary.insights).render(slots))
            sink.text(random.pick(10, from: vocabulary.whenToUse).render(slots))
            sink.json("[" + pitfalls.joined(separator: ",") + "]")
            sink.timestamp(created)
            sink.timestamp(updated)
            try sink.endRow()
        }
    }
}
