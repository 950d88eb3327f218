/// `shared.design_outputs`: PRDs, design docs and the like, in markdown, after their job.
struct DesignOutputGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.designOutputs }
    var drivers: Range<Int> { context.plan.jobRange }
    static let stream = CounterHash.stream(SeedSchema.designOutputs.name)
    static let types = ["prd", "design_doc", "architecture", "api_spec", "ui_mockup"]
    static let headings = [
        "Product Requirements", "Design Document", "Architecture", "API Specification", "UI Mockups",
    ]

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        try plan.outputsFan.forEach(parentsIn: drivers) { job, outputs in
            for (position, output) in outputs.enumerated() {
                let random = plan.row(Self.stream, output)
                let kind = (position + random.int(1, in: 0...4)) % Self.types.count
                let slots = context.slots(random)
                var content = "# \(Self.headings[kind]): \(slots(.system))\n"
                for paragraph in 0..<random.int(2, in: 2...4) {
                    let template = context.vocabulary.outputParagraphs[
                        Int(
                            random.bits(UInt64(30 + paragraph))
                                % UInt64(context.vocabulary.outputParagraphs.count))]
                    content += "\n" + template.render(slots) + "\n"
                }
                sink.uuid(random.uuid)
                sink.uuid(plan.jobID(job))
                sink.text(Self.types[kind])
                sink.text(content)
                sink.timestamp(plan.jobCreated(job).adding(plan.delay(random, 3, upTo: 10 * Timestamp.day)))
                try sink.endRow()
            }
        }
    }
}
