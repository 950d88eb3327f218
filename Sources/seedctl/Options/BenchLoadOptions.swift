import ArgumentParser
import SeedKit

/// How `bench` loads the database: clients, pool, duration, pacing, writes.
struct BenchLoadOptions: ParsableArguments {
    @Option(help: "Virtual clients (1 to 2000).")
    var clients = 10

    @Option(help: "Pooled database connections shared by the clients.")
    var connections = 5

    @Option(help: ArgumentHelp("Measured time, e.g. 20s, 500ms, 2m (default 10s).", valueName: "time"))
    var duration: String?

    @Option(help: ArgumentHelp("Untimed warm-up before measuring.", valueName: "time"))
    var warmup = "2s"

    @Option(help: "Stop after this many measured requests instead of --duration.")
    var transactions: Int?

    @Option(help: ArgumentHelp("Pause of each client between requests (closed loop).", valueName: "time"))
    var thinkTime = "0s"

    /// Open loop: requests per second overall, on a schedule.
    @Option(help: ArgumentHelp("Requests per second overall, started on a schedule; latency counts from each scheduled start.", valueName: "per-second"))
    var rate: Double?

    /// k6-style ramps, `30s:100,60s:100,30s:0`.
    @Option(help: ArgumentHelp("Ramp the running clients, e.g. 30s:100,60s:100,30s:0 (replaces --duration, --clients and --warmup).", valueName: "stages"))
    var stages: String?

    @Flag(help: "Commit the catalog's writes instead of rolling them back (changes the dataset).")
    var commitWrites = false

    func check() throws {
        guard (1...2000).contains(clients) else { throw ValidationError("'--clients' must be between 1 and 2000") }
        guard (1...1000).contains(connections) else { throw ValidationError("'--connections' must be between 1 and 1000") }
        for (flag, value) in [("--duration", duration ?? "10s"), ("--warmup", warmup), ("--think-time", thinkTime)] {
            guard BenchSettings.seconds(value) != nil else { throw ValidationError("'\(flag)' must be a time like 20s, 500ms or 2m") }
        }
        if BenchSettings.seconds(duration ?? "10s") == 0 { throw ValidationError("'--duration' must be more than 0s") }
        if let transactions, transactions < 1 { throw ValidationError("'--transactions' must be at least 1") }
        if let rate, !(rate > 0 && rate <= 1_000_000) { throw ValidationError("'--rate' must be between 0 and 1000000 requests per second") }
        if rate != nil, BenchSettings.seconds(thinkTime) != 0 { throw ValidationError("'--think-time' is for the closed loop; '--rate' sets the pace") }
        if let stages {
            do { _ = try BenchStage.list(parsing: stages) } catch { throw ValidationError("\(error)") }
            if duration != nil || transactions != nil { throw ValidationError("'--stages' sets the run's length; drop --duration and --transactions") }
        }
        if transactions != nil, duration != nil { throw ValidationError("'--transactions' and '--duration' exclude each other") }
    }

    func settings() throws -> BenchSettings {
        var settings = BenchSettings()
        settings.clients = clients
        settings.connections = connections
        settings.duration = BenchSettings.seconds(duration ?? "10s") ?? 10
        settings.warmup = BenchSettings.seconds(warmup) ?? 2
        settings.thinkTime = BenchSettings.seconds(thinkTime) ?? 0
        settings.transactions = transactions
        settings.rate = rate
        settings.stages = try stages.map(BenchStage.list(parsing:)) ?? []
        settings.commitWrites = commitWrites
        return settings
    }
}
