import ArgumentParser
import SeedKit

/// How `bench` loads the database: clients, pool, duration, pacing, writes.
struct BenchLoadOptions: ParsableArguments {
    @Option(help: "Virtual clients (1 to 2000).")
    var clients = 10

    @Option(help: "Pooled database connections shared by the clients.")
    var connections = 5

    @Option(help: ArgumentHelp("Measured time, e.g. 20s, 500ms, 2m (default 10s).", valueName: "time"))
    var duration: TimeSpan?

    @Option(help: ArgumentHelp("Untimed warm-up before measuring, e.g. 2s or 500ms.", valueName: "time"))
    var warmup = TimeSpan(seconds: 2)

    @Option(help: "Stop after this many measured requests instead of --duration.")
    var transactions: Int?

    @Option(
        help: ArgumentHelp(
            "Pause of each client between requests (closed loop), e.g. 100ms.", valueName: "time"))
    var thinkTime = TimeSpan(seconds: 0)

    /// Open loop: requests per second overall, on a schedule.
    @Option(
        help: ArgumentHelp(
            "Requests per second overall, started on a schedule; latency counts from each scheduled start.",
            valueName: "per-second"))
    var rate: Double?

    /// k6-style ramps, `30s:100,60s:100,30s:0`. A transform, not `ExpressibleByArgument`, so a
    /// bad value's error says which stage is wrong.
    @Option(
        help: ArgumentHelp(
            "Ramp the running clients, e.g. 30s:100,60s:100,30s:0 "
                + "(replaces --duration, --clients and --warmup).",
            valueName: "stages"),
        transform: { try BenchStage.list(parsing: $0) })
    var stages: [BenchStage]?

    @Flag(help: "Commit the catalog's writes instead of rolling them back (changes the dataset).")
    var commitWrites = false

    /// pgbench's `--protocol`: `extended` works through a transaction-pooling proxy.
    @Option(
        name: .customLong("protocol"),
        help: ArgumentHelp(
            "PostgreSQL: how statements are sent: prepared, extended or simple (pgbench's -M); "
                + "use extended behind PgBouncer in transaction mode.",
            valueName: "protocol"))
    var queryProtocol: BenchProtocol = .prepared

    @Option(
        help: ArgumentHelp(
            "PostgreSQL: client threads sharing the clients and connections (pgbench's -j; "
                + "default one per core).",
            valueName: "count"))
    var threads: Int?

    func validate() throws {
        guard (1...2000).contains(clients) else {
            throw ValidationError("'--clients' must be between 1 and 2000")
        }
        guard (1...1000).contains(connections) else {
            throw ValidationError("'--connections' must be between 1 and 1000")
        }
        if let duration, duration.seconds < 0.001 {
            throw ValidationError("'--duration' must be more than 0s (at least 1ms)")
        }
        // A week bounds every time: longer is a typo, and the clock arithmetic stays in range.
        for (flag, span) in [("--duration", duration), ("--warmup", warmup), ("--think-time", thinkTime)] {
            if let span, span.seconds > BenchStage.longestSeconds {
                throw ValidationError("'\(flag)' must be at most 7 days (168h)")
            }
        }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("'--threads' must be between 1 and 256")
        }
        if let transactions, transactions < 1 { throw ValidationError("'--transactions' must be at least 1") }
        if let rate, !(rate >= 0.01 && rate <= 1_000_000) {
            throw ValidationError("'--rate' must be between 0.01 and 1000000 requests per second")
        }
        if rate != nil, thinkTime.seconds != 0 {
            throw ValidationError("'--think-time' is for the closed loop; '--rate' sets the pace")
        }
        if stages != nil, duration != nil || transactions != nil {
            throw ValidationError("'--stages' sets the run's length; drop --duration and --transactions")
        }
        if transactions != nil, duration != nil {
            throw ValidationError("'--transactions' and '--duration' exclude each other")
        }
    }

    /// The run's settings these flags describe; the seed, the abort rule and the queries are
    /// the command's.
    func settings() -> BenchSettings {
        var settings = BenchSettings()
        settings.clients = clients
        settings.connections = connections
        if let duration { settings.duration = duration.seconds }
        settings.warmup = warmup.seconds
        settings.thinkTime = thinkTime.seconds
        settings.transactions = transactions
        settings.rate = rate
        if let stages { settings.stages = stages }
        settings.commitWrites = commitWrites
        settings.queryProtocol = queryProtocol
        settings.threads = threads
        return settings
    }
}
