/// Generates a table a spec seeds: for each parent of the part's design jobs, its children
/// (a `FanOut` of the table's own), every column a compiled rule or schema default. Rows are a
/// function of (seed, table, row, column), so any part computes its rows directly.
struct SpecTableGenerator: TableGenerator {
    let spec: SpecTable
    let context: GeneratorContext
    let fan: FanOut

    init(spec: SpecTable, context: GeneratorContext) {
        self.spec = spec
        self.context = context
        let plan = context.plan
        let parents = spec.parent == .jobs ? plan.jobs : plan.sessions
        fan = FanOut(parents: parents, children: spec.rows, hash: plan.hash, name: spec.table.name)
    }

    var table: SeededTable { spec.table }
    var drivers: Range<Int> { context.plan.jobRange }

    /// Rows of this part, at most (a unique per-parent domain may stop a parent's rows early).
    var partRows: Int {
        let plan = context.plan
        let parents = spec.parent == .jobs ? plan.jobRange : plan.sessionRange
        return fan.firstChild(of: parents.upperBound) - fan.firstChild(of: parents.lowerBound)
    }

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let plan = context.plan
        let stream = CounterHash.stream(spec.table.name)
        var row = SpecRow(
            random: plan.row(stream, 0), row: 0,
            times: Array(repeating: Timestamp(microseconds: 0), count: spec.columns.count))
        let cap = spec.perParentCap ?? Int.max
        func children(_ range: Range<Int>, parent: Int, key: SeedUUID, time: Timestamp) throws {
            row.parent = parent
            row.parentKey = key
            row.parentTime = time
            for child in range.prefix(cap) {
                row.row = child
                row.position = child - range.lowerBound
                row.random = plan.row(stream, child)
                for index in spec.columns.indices { spec.columns[index].write(&row, into: &sink) }
                try sink.endRow()
            }
        }
        switch spec.parent {
        case .jobs:
            try fan.forEach(parentsIn: drivers) { job, range in
                try children(range, parent: job, key: plan.jobID(job), time: plan.jobCreated(job))
            }
        case .sessions:
            try context.forEachSession(of: drivers, children: fan) { session, job, range in
                try children(
                    range, parent: session, key: plan.sessionID(session),
                    time: plan.sessionCreated(session, job: job))
            }
        }
    }
}
