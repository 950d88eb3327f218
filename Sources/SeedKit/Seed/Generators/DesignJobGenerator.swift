/// `shared.design_jobs`: the roots; about four per project, mostly completed.
struct DesignJobGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.designJobs }
    var drivers: Range<Int> { context.plan.jobRange }

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        for job in drivers {
            let random = plan.row(DatasetPlan.jobStream, job)
            let draw = random.unit(1)
            let status = draw < 0.6 ? "completed" : draw < 0.8 ? "running" : draw < 0.9 ? "pending" : "failed"
            let created = plan.jobCreated(job)
            let updated = created.adding(plan.delay(random, 2, upTo: 30 * Timestamp.day))
            sink.uuid(plan.jobID(job))
            sink.uuid(plan.projectID(ofJob: job))
            sink.text(status)
            sink.text(random.pick(3, from: context.vocabulary.jobTitles).render(context.slots(random)))
            sink.timestamp(created)
            sink.timestamp(updated)
            sink.timestamp(orNull: status == "completed" ? updated : nil)
            try sink.endRow()
        }
    }
}
