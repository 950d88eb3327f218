/// `tech_trd_documents`: technical requirements documents, only for completed sessions,
/// versions 1, 2, … per session, with a quality score and a validation report.
struct TRDGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.trds }
    var drivers: Range<Int> { context.plan.jobRange }
    static let stream = CounterHash.stream(SeedSchema.trds.name)

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        let vocabulary = context.vocabulary
        let (sessions, jobOf) = context.sessions(ofJobs: drivers)
        let ranks =
            plan.statuses.completedRank(
                before: sessions.lowerBound)..<plan.statuses.completedRank(before: sessions.upperBound)
        try plan.trdsFan.forEach(parentsIn: ranks) { rank, documents in
            let session = plan.statuses.completedSession(rank: rank)
            let start = plan.sessionCreated(session, job: jobOf[session - sessions.lowerBound])
            for (position, document) in documents.enumerated() {
                let random = plan.row(Self.stream, document)
                let slots = context.slots(random)
                var content = "# Technical Requirements: "
                content.reserveCapacity(2048)
                content += slots(.system)
                content += " (v"
                content += String(position + 1)
                content += ")\n"
                for section in 0..<random.int(1, in: 3...5) {
                    let heading = vocabulary.trdSections[
                        (Int(random.bits(2) % 97) + section) % vocabulary.trdSections.count]
                    content += "\n## "
                    content += heading
                    content += "\n"
                    for line in 0..<random.int(UInt64(3 + section), in: 2...4) {
                        let template = vocabulary.trdSentences[
                            Int(
                                random.bits(UInt64(20 + section * 5 + line))
                                    % UInt64(vocabulary.trdSentences.count))]
                        content += "- "
                        template.render(into: &content, slots)
                        content += "\n"
                    }
                }
                let thousandths = random.int(9, in: Self.qualityRange)
                let quality = Double(thousandths) / 1000
                let issues = (0..<(quality > 0.8 ? 0 : random.int(10, in: 1...3))).map {
                    jsonString(
                        vocabulary.validationIssues[
                            Int(random.bits(UInt64(11 + $0)) % UInt64(vocabulary.validationIssues.count))])
                }
                sink.uuid(random.uuid)
                sink.uuid(plan.sessionID(session))
                sink.integer(position + 1)
                sink.text(content)
                sink.real(quality)
                var report = "{\"issues\":["
                report += issues.joined(separator: ",")
                report += quality >= 0.7 ? "],\"passed\":true,\"score\":" : "],\"passed\":false,\"score\":"
                report += Self.qualities[thousandths - Self.qualityRange.lowerBound]
                report += "}"
                sink.json(report)
                sink.timestamp(
                    start.adding(
                        Timestamp.hour + Int64(position) * 6 * Timestamp.hour
                            + plan.delay(random, 15, upTo: 5 * Timestamp.hour)))
                try sink.endRow()
            }
        }
    }

    /// A document's quality is a whole number of thousandths in this range.
    static let qualityRange = 450...990
    /// Each quality's text, `"\(Double(n) / 1000)"`, formatted once instead of per document.
    static let qualities = qualityRange.map { "\(Double($0) / 1000)" }
}
