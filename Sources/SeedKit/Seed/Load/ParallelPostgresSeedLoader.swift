import Foundation

/// `seed --jobs N` on PostgreSQL: into empty tables, tables load on up to N connections at once,
/// parents before children (in waves), each table in its own transaction with its plain indexes
/// rebuilt after its COPY. Faster on a server with cores to spare, but atomic per table, not per
/// run: a failure keeps the tables already committed, and `seedctl_dataset` says the load is
/// unfinished until the end, so later runs refuse it (`seed --clear` replaces it). With
/// `--clear` over existing rows it loads in one transaction instead (`SeedLoader`), so an
/// interruption at any moment keeps the old rows.
struct ParallelPostgresSeedLoader {
    let url: DatabaseURL
    let context: GeneratorContext
    let options: SeedOptions
    let jobs: Int

    /// Tables whose parents are all in earlier waves.
    static let waves: [[SeededTable]] = [
        [SeedSchema.designJobs, SeedSchema.patterns],
        [SeedSchema.designOutputs, SeedSchema.designDecisions, SeedSchema.sessions],
        [SeedSchema.conversations, SeedSchema.research, SeedSchema.errorLogs, SeedSchema.trds],
    ]

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let coordinator = try url.connect()
        let readiness = SeededTables.readiness(on: coordinator)
        try readiness.requireMigrated()
        let replacing = try coordinator.transaction {
            try SeededTables.lockDataset(on: coordinator)
            let previous = try DatasetRecord.load(coordinator)
            if options.clear {
                try SeededTables.requireOwned(record: previous, force: options.force, on: coordinator)
                if try !readiness.nonEmptyTables().isEmpty { return true }
                try SeededTables.clear(on: coordinator, record: previous)
            } else {
                try SeededTables.requireNoUnfinishedParts(previous)
                try readiness.requireEmpty()
            }
            // Marked unfinished until the last wave commits: an interrupted run is refused
            // later instead of passing for a whole dataset.
            var record = DatasetRecord(plan: context.plan)
            record.loaded = []
            try record.save(coordinator)
            return false
        }
        if replacing, case .postgres(let postgres) = coordinator.backend {
            // Tables committed one by one cannot keep the old rows through a Ctrl-C or a kill.
            onEvent(
                .phase(
                    "replacing existing rows: one transaction on one connection, so an interruption keeps them"
                ))
            let backend = PostgresCopyTextBackend(connection: postgres)
            return try SeedLoader(backend: backend, context: context, options: options).load(onEvent: onEvent)
        }
        onEvent(.phase("with --jobs \(jobs), each table loads in its own transaction"))
        let generators = Dictionary(uniqueKeysWithValues: context.generators().map { ($0.table.name, $0) })
        let events = EventRelay()
        var loads: [TableLoad] = []
        for wave in Self.waves {
            let work = WorkList(wave.compactMap { generators[$0.name] })
            let threads = (0..<min(jobs, wave.count)).map { _ in
                Thread { [url, context, options] in
                    while let generator = work.next() {
                        do {
                            guard case .postgres(let postgres) = try url.connect().backend else {
                                work.fail(ConfigurationError("'--jobs' needs PostgreSQL"))
                                continue
                            }
                            events.finish(
                                try Self.load(
                                    generator, on: postgres, context: context, options: options,
                                    onEvent: events.post))
                        } catch {
                            work.fail(error)
                        }
                    }
                }
            }
            for thread in threads { thread.start() }
            while !work.isDone(threadCount: threads.count) { events.drain(into: onEvent, waiting: 0.1) }
            events.drain(into: onEvent, waiting: 0)
            if let error = work.failure {
                throw NotReadyError(
                    "\(error) — with --jobs, tables loaded before the failure stay; "
                        + "run 'seedctl seed --clear' to start over")
            }
            loads += events.takeLoads()
        }
        try coordinator.transaction { try DatasetRecord(plan: context.plan).save(coordinator) }
        let order = SeedSchema.tables.map(\.name)
        return loads.sorted { (order.firstIndex(of: $0.table) ?? 0) < (order.firstIndex(of: $1.table) ?? 0) }
    }

    /// Loads one table in its own transaction, its plain indexes dropped during the COPY (keys
    /// and foreign keys stay, for the tables other workers load at the same time).
    private static func load(
        _ generator: any TableGenerator, on postgres: PostgresConnection, context: GeneratorContext,
        options: SeedOptions, onEvent: (SeedEvent) -> Void
    ) throws -> TableLoad {
        let table = generator.table.physicalName(.postgres)
        let backend = PostgresCopyTextBackend(connection: postgres)
        let loader = SeedLoader(backend: backend, context: context, options: options)
        return try postgres.transaction {
            var indexes = PostgresIndexes(connection: postgres)
            try indexes.dropPlainIndexes([table])
            let load = try loader.loadTable(generator, onEvent: onEvent)
            try indexes.restore()
            try postgres.execute(script: "ANALYZE \(table)")
            return load
        }
    }
}

/// Tables waiting for a worker, and the first failure.
///
/// `@unchecked Sendable`: all state is read and written under `lock`.
private final class WorkList: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [any TableGenerator]
    private var finishedThreads = 0
    private var error: (any Error)?

    init(_ generators: [any TableGenerator]) { pending = generators }

    /// The next table, or nil when none is left (or one failed); a nil also counts the caller as done.
    func next() -> (any TableGenerator)? {
        lock.withLock {
            guard error == nil, !pending.isEmpty else {
                finishedThreads += 1
                return nil
            }
            return pending.removeFirst()
        }
    }

    func fail(_ failure: any Error) { lock.withLock { if error == nil { error = failure } } }
    var failure: (any Error)? { lock.withLock { error } }
    func isDone(threadCount: Int) -> Bool { lock.withLock { finishedThreads == threadCount } }
}

/// Carries progress events from worker threads to the caller's thread.
///
/// `@unchecked Sendable`: all state is read and written under `condition`'s lock.
private final class EventRelay: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [SeedEvent] = []
    private var loads: [TableLoad] = []

    func post(_ event: SeedEvent) {
        condition.lock()
        if case .progress = event, case .progress = events.last { events.removeLast() }
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    func finish(_ load: TableLoad) {
        condition.lock()
        loads.append(load)
        condition.signal()
        condition.unlock()
    }

    /// Hands queued events to `handler` on the calling thread, waiting up to `seconds` for one.
    func drain(into handler: (SeedEvent) -> Void, waiting seconds: Double) {
        condition.lock()
        if events.isEmpty, seconds > 0 { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
        let batch = events
        events.removeAll()
        condition.unlock()
        batch.forEach(handler)
    }

    func takeLoads() -> [TableLoad] {
        condition.lock()
        defer {
            loads.removeAll()
            condition.unlock()
        }
        return loads
    }
}
