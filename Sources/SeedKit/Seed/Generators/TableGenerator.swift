/// Generates one table's rows for one part of a dataset.
///
/// Every table is driven by design jobs (the roots) or, for patterns, by pattern index, so a
/// loader can cut any table into chunks of drivers and generate them independently.
protocol TableGenerator: Sendable {
    /// The table it fills.
    var table: SeededTable { get }
    /// This part's drivers: design jobs, or pattern indexes.
    var drivers: Range<Int> { get }
    /// Writes the rows of `drivers` (a sub-range of `self.drivers`) to `sink`, in order.
    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws
}

/// What every generator reads: the plan and the vocabulary.
public struct GeneratorContext: Sendable {
    public let plan: DatasetPlan
    let vocabulary: Vocabulary
    /// The dataset specs of the seeds folder.
    public let specs: DatasetSpecs
    /// The added columns and new tables, once bound to a migrated schema (`following(_:)`).
    var layout = DatasetLayout.builtIn

    public init(plan: DatasetPlan, vocabulary: Vocabulary, specs: DatasetSpecs = .none) {
        self.plan = plan
        self.vocabulary = vocabulary
        self.specs = specs
    }

    /// This context with its specs bound to `schema`: the columns a migration added and the
    /// specs' new tables are generated too. Throws every problem at once, before any write.
    func following(_ schema: DatabaseSchema) throws -> GeneratorContext {
        var bound = self
        bound.layout = try DatasetSpecBinder.bind(schema: schema, specs: specs.specs, context: self)
        return bound
    }

    /// The generators of every seeded table, in load order: the built-in ones (with the columns
    /// a migration added), then the specs' new tables.
    func generators() -> [any TableGenerator] {
        let builtIn: [any TableGenerator] = [
            DesignJobGenerator(context: self), DesignOutputGenerator(context: self),
            DesignDecisionGenerator(context: self), SessionGenerator(context: self),
            ResearchGenerator(context: self), ConversationGenerator(context: self),
            TRDGenerator(context: self),
            ErrorLogGenerator(context: self), PatternGenerator(context: self),
        ]
        return builtIn.map { extended($0) }
            + layout.newTables.map { SpecTableGenerator(spec: $0, context: self) as any TableGenerator }
    }

    private func extended(_ generator: some TableGenerator) -> any TableGenerator {
        guard let extras = layout.extras[generator.table.name] else { return generator }
        return ExtendedGenerator(base: generator, extras: extras, plan: plan)
    }

    /// Rows `generator` writes in this part (at most, for a spec table with a unique per-parent
    /// domain).
    func rowCount(of generator: any TableGenerator) -> Int {
        (generator as? SpecTableGenerator)?.partRows ?? plan.rowCount(generator.table)
    }

    /// The physical names of the specs' new tables (bound), children last.
    func newTables(_ dialect: Dialect) -> [String] {
        layout.newTables.map { $0.table.physicalName(dialect) }
    }

    /// The sessions of a range of jobs, with each session's job.
    func sessions(ofJobs jobs: Range<Int>) -> (range: Range<Int>, jobOf: [Int]) {
        var jobOf: [Int] = []
        var first: Int?
        plan.sessionsFan.forEach(parentsIn: jobs) { job, sessions in
            if first == nil { first = sessions.lowerBound }
            jobOf.append(contentsOf: repeatElement(job, count: sessions.count))
        }
        let lower = first ?? plan.sessionsFan.firstChild(of: jobs.lowerBound)
        return (lower..<(lower + jobOf.count), jobOf)
    }

    /// Calls `body` for every session of `jobs` with its job and its children in `fan`.
    func forEachSession(
        of jobs: Range<Int>, children fan: FanOut,
        _ body: (_ session: Int, _ job: Int, _ children: Range<Int>) throws -> Void
    ) rethrows {
        let (sessions, jobOf) = self.sessions(ofJobs: jobs)
        try fan.forEach(parentsIn: sessions) { session, children in
            try body(session, jobOf[session - sessions.lowerBound], children)
        }
    }

    /// Slot values for templates, drawn for one row.
    func slots(_ random: RowRandom, category: Vocabulary.TechnologyCategory? = nil) -> (Template.Slot) ->
        String
    {
        let vocabulary = vocabulary
        let chosen = category ?? random.pick(20, from: vocabulary.technologyCategories)
        let technology = random.pick(21, from: chosen.options)
        return { slot in
            switch slot {
            case .system: random.pick(22, from: vocabulary.systems)
            case .domain: random.pick(23, from: vocabulary.domains)
            case .technology: technology
            case .alternative: chosen.options.first { $0 != technology } ?? technology
            case .category: chosen.name
            case .stage: random.pick(24, from: vocabulary.stageWords)
            case .number: String(random.int(25, in: 2...500))
            case .pattern: random.pick(26, from: vocabulary.pitfalls)
            }
        }
    }
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
    var text = text
    let plain = text.withUTF8 { bytes in !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
    if plain {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        result += text
        result += "\""
        return result
    }
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        default:
            if scalar.value < 0x20 {
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
