import Foundation

/// `seed --jobs N` on PostgreSQL: tables load on up to N connections at once into shadow
/// tables (`ShadowTables`), which one final transaction swaps in for the real ones; until it
/// commits the real tables are untouched, so a failure, Ctrl-C or kill at any moment leaves
/// the database as it was (a kill leaves the shadow schema, which the next seed or clear
/// drops). The coordinating connection holds the dataset's exclusive advisory lock in one
/// transaction from the checks to the swap, so no other seed, part or clear interleaves.
///
/// When a swap would lose something the real tables have (grants, triggers, views on them …,
/// see `ShadowSwapCheck`), or an unfinished parts load left keys dropped, it loads in one
/// transaction on one connection instead (`SeedLoader`) and says why in a note.
struct ParallelPostgresSeedLoader {
    let url: DatabaseURL
    let context: GeneratorContext
    let options: SeedOptions
    let jobs: Int

    func load(onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let coordinator = try url.connect()
        guard case .postgres(let postgres) = coordinator.backend else {
            throw ConfigurationError("'--jobs' needs PostgreSQL")
        }
        let readiness = SeededTables.readiness(on: coordinator)
        try readiness.requireMigrated()
        var shadows: ShadowTables?
        do {
            let loads = try coordinator.transaction { () -> [TableLoad]? in
                try SeededTables.lockDataset(on: coordinator)
                let previous = try DatasetRecord.load(coordinator)
                if options.clear {
                    try SeededTables.requireOwned(record: previous, force: options.force, on: coordinator)
                } else {
                    try SeededTables.requireNoUnfinishedParts(previous)
                    try readiness.requireEmpty()
                }
                var blockers = try ShadowSwapCheck.blockers(on: coordinator)
                if let previous, !previous.dropped.isEmpty {
                    blockers.append("an unfinished parts load dropped their keys and indexes")
                }
                guard blockers.isEmpty else {
                    onEvent(
                        .notice(
                            "loaded in one transaction on one connection, not on \(jobs): swapping tables in "
                                + "would lose what they have (\(blockers.joined(separator: "; ")))"))
                    return nil
                }
                try ShadowTables.dropLeftovers(on: coordinator)
                let created = try ShadowTables.create(on: try url.connect())
                shadows = created
                onEvent(.phase("loading shadow tables on \(jobs) connections"))
                let loads = try loadShadows(created, onEvent: onEvent)
                onEvent(.phase("swapping the shadow tables in"))
                try created.swap(on: coordinator) {
                    if !options.clear { try readiness.requireEmpty() }
                }
                try DatasetRecord(plan: context.plan).save(coordinator)
                onEvent(.phase("committing"))
                return loads
            }
            if let loads { return loads }
        } catch {
            if let shadows { try? shadows.drop(on: coordinator) }
            throw error
        }
        let backend = PostgresCopyBinaryBackend(connection: postgres)
        return try SeedLoader(backend: backend, context: context, options: options).load(onEvent: onEvent)
    }

    /// Builds every shadow table, largest first, then adds their foreign keys, on up to `jobs`
    /// connections.
    private func loadShadows(_ shadows: ShadowTables, onEvent: (SeedEvent) -> Void) throws -> [TableLoad] {
        let plan = context.plan
        let bySize = shadows.tables.sorted { plan.rowCount($0.seeded) > plan.rowCount($1.seeded) }
        let generators = Dictionary(uniqueKeysWithValues: context.generators().map { ($0.table.name, $0) })
        let events = EventRelay()
        try inParallel(bySize, events: events, onEvent: onEvent) { [context, options] table, postgres in
            guard let generator = generators[table.seeded.name] else { return }
            let backend = PostgresCopyBinaryBackend(connection: postgres)
            backend.target = { _ in table.shadow }
            backend.freeze = true
            var load: TableLoad?
            try shadows.build(table, on: postgres) {
                load = try SeedLoader(backend: backend, context: context, options: options)
                    .loadTable(generator, onEvent: events.post)
            }
            if let columns = backend.textTables[table.seeded.name] {
                let list = columns.map { "\($0.column) is \($0.type)" }.joined(separator: ", ")
                events.post(.notice("\(table.seeded.name) loaded with COPY text, not binary (\(list))"))
            }
            if let load { events.finish(load) }
        }
        onEvent(.phase("building foreign keys"))
        try inParallel(shadows.tables.filter { !$0.foreignKeys.isEmpty }, events: events, onEvent: onEvent) {
            table, postgres in
            try shadows.addForeignKeys(table, on: postgres)
        }
        let order = SeedSchema.tables.map(\.name)
        return events.takeLoads().sorted {
            (order.firstIndex(of: $0.table) ?? 0) < (order.firstIndex(of: $1.table) ?? 0)
        }
    }

    /// Runs `work` for every item on up to `jobs` threads, each with a connection of its own,
    /// relaying their events to the caller's thread; throws the first failure once all stopped.
    private func inParallel(
        _ items: [ShadowTables.Table], events: EventRelay, onEvent: (SeedEvent) -> Void,
        _ work: @escaping @Sendable (ShadowTables.Table, PostgresConnection) throws -> Void
    ) throws {
        let list = WorkList(items)
        let threads = (0..<min(jobs, items.count)).map { _ in
            Thread { [url] in
                do {
                    guard case .postgres(let postgres) = try url.connect().backend else {
                        throw ConfigurationError("'--jobs' needs PostgreSQL")
                    }
                    while let item = list.next() { try work(item, postgres) }
                } catch {
                    list.fail(error)
                    while list.next() != nil {}
                }
            }
        }
        for thread in threads { thread.start() }
        while !list.isDone(threadCount: threads.count) { events.drain(into: onEvent, waiting: 0.1) }
        events.drain(into: onEvent, waiting: 0)
        if let error = list.failure { throw error }
    }
}

/// Tables waiting for a worker, and the first failure.
///
/// `@unchecked Sendable`: all state is read and written under `lock`.
private final class WorkList: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [ShadowTables.Table]
    private var finishedThreads = 0
    private var error: (any Error)?

    init(_ tables: [ShadowTables.Table]) { pending = tables }

    /// The next table, or nil when none is left (or one failed); a nil also counts the caller as done.
    func next() -> ShadowTables.Table? {
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
