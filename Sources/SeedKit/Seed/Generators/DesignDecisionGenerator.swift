/// `shared.design_decisions`: questions a design job settled, with the choice and why.
struct DesignDecisionGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.designDecisions }
    var drivers: Range<Int> { context.plan.jobRange }
    static let stream = CounterHash.stream(SeedSchema.designDecisions.name)

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        let vocabulary = context.vocabulary
        try plan.decisionsFan.forEach(parentsIn: drivers) { job, decisions in
            for decision in decisions {
                let random = plan.row(Self.stream, decision)
                let slots = context.slots(random)
                sink.uuid(random.uuid)
                sink.uuid(plan.jobID(job))
                sink.text(random.pick(1, from: vocabulary.decisionQuestions).render(slots))
                sink.text(random.pick(2, from: vocabulary.decisionAnswers).render(slots))
                sink.text(
                    orNull: random.unit(3) < 0.9
                        ? random.pick(4, from: vocabulary.decisionRationales).render(slots) : nil)
                sink.timestamp(plan.jobCreated(job).adding(plan.delay(random, 5, upTo: 10 * Timestamp.day)))
                try sink.endRow()
            }
        }
    }
}
