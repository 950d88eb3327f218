/// `tech_error_logs`: failures during a session, most recovered by a strategy after retries.
struct ErrorLogGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.errorLogs }
    var drivers: Range<Int> { context.plan.jobRange }
    static let stream = CounterHash.stream(SeedSchema.errorLogs.name)

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        try context.forEachSession(of: drivers, children: plan.errorsFan) { session, job, errors in
            for error in errors {
                let random = plan.row(Self.stream, error)
                let kind = random.pick(1, from: context.vocabulary.errorTypes)
                let strategy = random.unit(2) < 0.85 ? random.pick(3, from: kind.recovery) : nil
                let recovered = strategy != nil && random.unit(4) < 0.8
                sink.uuid(random.uuid)
                sink.uuid(plan.sessionID(session))
                sink.text(kind.type)
                sink.text(random.pick(5, from: kind.messages).render(context.slots(random)))
                sink.text(orNull: strategy)
                sink.boolean(recovered)
                sink.integer(strategy == nil ? 0 : random.int(6, in: recovered ? 1...3 : 1...5))
                sink.timestamp(
                    plan.sessionCreated(session, job: job).adding(
                        plan.delay(random, 7, upTo: 2 * Timestamp.day)))
                try sink.endRow()
            }
        }
    }
}
