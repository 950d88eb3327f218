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
                var options = ""
                options.reserveCapacity(640)
                options += "["
                for index in 0..<optionCount {
                    if index > 0 { options += "," }
                    options += "{\"cons\":["
                    appendPhrases(
                        from: category.quotedCons, random, field: UInt64(60 + index * 4), to: &options)
                    options += "],\"name\":"
                    options += category.quotedOptions[(first + index) % category.options.count]
                    options += ",\"pros\":["
                    appendPhrases(
                        from: category.quotedPros, random, field: UInt64(40 + index * 4), to: &options)
                    options += "],\"score\":"
                    options +=
                        Self.scores[
                            random.int(UInt64(80 + index), in: Self.scoreRange) - Self.scoreRange.lowerBound]
                    options += "}"
                }
                options += "]"
                let decided = random.unit(4) < 0.8
                let selected = category.options[
                    (first + random.int(5, in: 0...(optionCount - 1))) % category.options.count]
                let slots = context.slots(random, category: category)
                sink.uuid(random.uuid)
                sink.uuid(plan.sessionID(session))
                sink.text(category.name)
                sink.json(options)
                sink.text(orNull: decided ? selected : nil)
                sink.text(
                    orNull: decided
                        ? random.pick(6, from: context.vocabulary.decisionReasons).render { slot in
                            slot == .technology ? selected : slots(slot)
                        } : nil)
                sink.timestamp(
                    plan.sessionCreated(session, job: job).adding(
                        plan.delay(random, 7, upTo: 2 * Timestamp.day)))
                try sink.endRow()
            }
        }
    }

    /// Appends two different phrases of `list` (already JSON string literals), picked by `field`
    /// and `field + 1`.
    private func appendPhrases(from list: [String], _ random: RowRandom, field: UInt64, to json: inout String)
    {
        let first = Int(random.bits(field) % UInt64(list.count))
        let second = (first + 1 + Int(random.bits(field + 1) % UInt64(max(1, list.count - 1)))) % list.count
        json += list[first]
        json += ","
        json += list[second]
    }

    /// An option's score is a whole number of hundredths in this range.
    static let scoreRange = 40...98
    /// Each score's text, `String(Double(n) / 100)`, formatted once instead of per option.
    static let scores = scoreRange.map { String(Double($0) / 100) }
}
