import Foundation

/// Progress of a seed run, for the CLI to show.
public enum SeedEvent: Sendable {
    /// A phase that is not a table load (clearing, dropping indexes, rebuilding, analyzing).
    case phase(String)
    case tableStarted(name: String, rows: Int)
    case progress(name: String, rows: Int)
    case tableFinished(TableLoad)
    /// Something the summary should say once (e.g. a table loaded with COPY text, not binary).
    case notice(String)
}

/// What loading one table took.
public struct TableLoad: Sendable, Codable {
    public let table: String
    public let rows: Int
    public let bytes: Int
    public let seconds: Double
    /// Of `seconds`, the time the loading thread waited for the generator's next chunk (the
    /// rest is the database taking the chunks).
    public var generatorWaitSeconds: Double = 0

    public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
}

/// Wall-clock seconds since a start, for reports.
struct Stopwatch {
    private let start = ContinuousClock.now

    var seconds: Double {
        (ContinuousClock.now - start).seconds
    }
}
