/// `tech_spec_sessions`: one per tech-spec run of a design job, statuses weighted and
/// stratified (see `SessionStatusPlan`), progress matching the stage.
struct SessionGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.sessions }
    var drivers: Range<Int> { context.plan.jobRange }

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        let stages = context.vocabulary.stages
        try plan.sessionsFan.forEach(parentsIn: drivers) { job, sessions in
            for session in sessions {
                let random = plan.row(DatasetPlan.sessionStream, session)
                let status = plan.statuses.status(of: session)
                let stageIndex =
                    status == .completed ? stages.count - 1 : random.int(1, in: 0...(stages.count - 2))
                let progress: Int =
                    switch status {
                    case .completed: 100
                    case .pending: 0
                    default: min(99, stageIndex * 100 / stages.count + random.int(2, in: 0...10))
                    }
                let created = plan.sessionCreated(session, job: job)
                let updated = created.adding(plan.delay(random, 3, upTo: 5 * Timestamp.day))
                sink.uuid(plan.sessionID(session))
                sink.uuid(plan.jobID(job))
                sink.uuid(plan.projectID(ofJob: job))
                sink.text(status.rawValue)
                sink.text(stages[stageIndex])
                sink.integer(progress)
                sink.timestamp(created)
                sink.timestamp(updated)
                sink.timestamp(orNull: status == .completed ? updated : nil)
                try sink.endRow()
            }
        }
    }
}
