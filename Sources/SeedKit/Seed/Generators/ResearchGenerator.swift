/// `tech_research`: a technology category researched in a session, with candidate options,
/// their pros and cons, and usually a selection.
struct ResearchGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.research }
    var drivers: Range<Int> { context.plan.jobRange }
    static let stream = CounterHash.stream(SeedSchema.research.name)

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        try context.forEachSession(of: drivers, children: plan.researchFan) { session, job, research in
            for item in research {
                let random = plan.row(Self.stream, item)
                let category = random.pick(1, from: context.vocabulary.technologyCategories)
                let optionCount = min(category.options.count, random.int(2, in: 2...4))
                let first = random.int(3, in: 0...(category.options.count - 1))
                let options = (0..<optionCount).map { category.options[(first + $0) % category.options.count] }
                let candidates = options.enumerated().map { index, name in
                    let pros = (0..<2).map { jsonString(category.pros[Int(random.bits(UInt64(40 + index * 4 + $0)) % UInt64(category.pros.count))]) }
                    let cons = (0..<2).map { jsonString(category.cons[Int(random.bits(UInt64(60 + index * 4 + $0)) % UInt64(category.cons.count))]) }
                    let score = Double(random.int(UInt64(80 + index), in: 40...98)) / 100
                    return "{\"cons\":[\(cons.joined(separator: ","))],\"name\":\(jsonString(name)),\"pros\":[\(pros.joined(separator: ","))],\"score\":\(score)}"
                }
                let decided = random.unit(4) < 0.8
                let selected = options[random.int(5, in: 0...(options.count - 1))]
                let slots = context.slots(random, category: category)
                sink.uuid(random.uuid)
                sink.uuid(plan.sessionID(session))
                sink.text(category.name)
                sink.json("[" + candidates.joined(separator: ",") + "]")
                sink.text(orNull: decided ? selected : nil)
                sink.text(orNull: decided ? random.pick(6, from: context.vocabulary.decisionReasons).render { slot in
                    slot == .technology ? selected : slots(slot)
                } : nil)
                sink.timestamp(plan.sessionCreated(session, job: job).adding(plan.delay(random, 7, upTo: 2 * Timestamp.day)))
                try sink.endRow()
            }
        }
    }
}
