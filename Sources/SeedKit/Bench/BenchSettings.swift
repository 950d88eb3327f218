import Foundation

/// How a bench run is set up: clients, pool, duration and pacing, workload. Recorded in the
/// result, so `--json` and `--report` say what produced their figures.
public struct BenchSettings: Sendable, Codable, Equatable {
    public var clients = 10
    public var connections = 5
    /// Measured seconds, after `warmup` (the stages' total when there are stages).
    public var duration = 10.0
    public var warmup = 2.0
    /// Stop after this many measured requests in all, instead of at `duration`.
    public var transactions: Int?
    /// Pause of each client between requests (closed loop only).
    public var thinkTime = 0.0
    /// Requests per second overall, on a schedule (open loop); nil for a closed loop.
    public var rate: Double?
    /// Ramps of the number of running clients, like k6's stages; empty for a constant count.
    public var stages: [BenchStage] = []
    public var seed: UInt64 = 42
    /// Commit the catalog's writes instead of rolling them back.
    public var commitWrites = false
    /// How PostgreSQL statements are sent (pgbench's `-M`); nil (files from before the
    /// option) means `prepared`.
    public var queryProtocol: BenchProtocol?
    /// PostgreSQL: client threads (event loops) sharing the clients and connections
    /// (pgbench's `-j`); nil means one per core. Never more than the clients or connections.
    public var threads: Int?
    /// Stop at the first second a threshold is seen to fail.
    public var abortOnFail = false
    /// The catalog queries in the workload, by name.
    public var queries: [String] = []
    /// The database, password masked.
    public var target = ""
    /// This process's share of a run made by several (`--segment K/N`); nil for a whole run.
    /// The other figures here describe the whole run, every segment together.
    public var segment: BenchSegment?
    /// A digest of the catalog queries run (names, SQL, weights, parameters), so `bench merge`
    /// can refuse results of different catalogs; nil in files from before it.
    public var catalogDigest: String?

    public init() {}

    /// The measured seconds: the stages' total, or `duration`.
    public var measuredSeconds: Double {
        stages.isEmpty ? duration : stages.reduce(0) { $0 + $1.duration }
    }

    /// Seconds in `text`: `20s`, `500ms`, `2m`, `1.5s`, `250us`, `1h`; nil when it is not a time.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value.isFinite else {
                return nil
            }
            return value * scale
        }
        return nil
    }
}

/// How bench sends PostgreSQL statements, as pgbench's `--protocol`/`-M`: `prepared` (named
/// server-side statements, fastest; breaks behind a transaction-pooling proxy), `extended`
/// (the unnamed statement with bound values each time) or `simple` (values quoted into the text).
public enum BenchProtocol: String, Sendable, Codable, CaseIterable {
    case simple, extended, prepared
}

/// One stage of a ramp: over `duration` seconds the running clients move linearly from the
/// previous stage's target (0 before the first) to `clients`.
public struct BenchStage: Sendable, Codable, Equatable {
    public let duration: Double
    public let clients: Int

    /// The longest time any bench setting may span: a week.
    public static let longestSeconds: Double = 7 * 24 * 3600

    public init(duration: Double, clients: Int) {
        self.duration = duration
        self.clients = clients
    }

    /// Parses `--stages 30s:100,60s:100,30s:0`.
    public static func list(parsing text: String) throws -> [BenchStage] {
        let stages = try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            let pieces = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, let seconds = BenchSettings.seconds(pieces[0]), seconds >= 0.001,
                seconds <= longestSeconds,
                let clients = Int(pieces[1]), (0...2000).contains(clients)
            else {
                throw ConfigurationError(
                    "'--stages \(text)' has '\(part)': write TIME:CLIENTS stages, e.g. '30s:100,60s:100,30s:0' (1ms to 168h, 0 to 2000 clients)"
                )
            }
            return BenchStage(duration: seconds, clients: clients)
        }
        guard stages.contains(where: { $0.clients > 0 }) else {
            throw ConfigurationError(
                "'--stages \(text)' never runs a client: give at least one stage more than 0 clients")
        }
        return stages
    }

    /// Clients that should be running `elapsed` seconds into the stages.
    public static func clients(at elapsed: Double, in stages: [BenchStage]) -> Int {
        var start = 0.0
        var from = 0
        for stage in stages {
            if elapsed < start + stage.duration {
                let progress = (elapsed - start) / stage.duration
                return from + Int((Double(stage.clients - from) * progress).rounded())
            }
            start += stage.duration
            from = stage.clients
        }
        return from
    }
}
