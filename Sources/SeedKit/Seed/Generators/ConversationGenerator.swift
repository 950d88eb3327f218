/// `tech_conversations`: a session's turns in order — a system message first, then user and
/// agent alternating — each after the previous one.
struct ConversationGenerator: TableGenerator {
    let context: GeneratorContext
    var table: SeededTable { SeedSchema.conversations }
    var drivers: Range<Int> { context.plan.jobRange }
    static let stream = CounterHash.stream(SeedSchema.conversations.name)
    static let sources = ["web", "cli", "api", "slack"]

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        let templates = context.vocabulary.conversation
        try context.forEachSession(of: drivers, children: plan.conversationsFan) { session, job, turns in
            let start = plan.sessionCreated(session, job: job)
            let sessionID = plan.sessionID(session)
            for (turn, message) in turns.enumerated() {
                let random = plan.row(Self.stream, message)
                let slots = context.slots(random)
                let role = turn == 0 ? "system" : turn % 2 == 1 ? "user" : "agent"
                let content: String
                let metadata: String
                switch role {
                case "system":
                    content = random.pick(1, from: templates.system).render(slots)
                    metadata = "{\"event\":\"session_started\"}"
                case "user":
                    content = random.pick(1, from: templates.user).render(slots)
                    metadata =
                        "{\"source\":\(jsonString(random.pick(2, from: Self.sources))),\"tokens\":\(random.int(3, in: 8...400))}"
                default:
                    var text = ""
                    text.reserveCapacity(480)
                    for sentence in 0..<random.int(4, in: 1...3) {
                        if sentence > 0 { text += " " }
                        templates.agent[
                            Int(random.bits(UInt64(10 + sentence)) % UInt64(templates.agent.count))
                        ]
                        .render(into: &text, slots)
                    }
                    content = text
                    metadata =
                        "{\"latency_ms\":\(random.int(5, in: 200...9000)),\"model\":\(jsonString(random.pick(6, from: context.vocabulary.models))),\"tokens\":\(random.int(7, in: 50...2000))}"
                }
                sink.uuid(random.uuid)
                sink.uuid(sessionID)
                sink.text(role)
                sink.text(content)
                sink.json(metadata)
                // 90 s per turn plus up to 60 s of jitter keeps turns in order.
                sink.timestamp(
                    start.adding(
                        Int64(turn) * 90 * Timestamp.second
                            + plan.delay(random, 8, upTo: 60 * Timestamp.second)))
                try sink.endRow()
            }
        }
    }
}
