import Foundation

/// One migration's state in a database compared with the files.
public struct MigrationStatus: Sendable, Equatable {
    /// Where a migration stands.
    public enum State: String, Sendable, Codable {
        case applied
        case pending
        /// Applied, but the file's checksum differs from the ledger's: drift.
        case changed
        /// In the ledger, but no file has its module and version any more.
        case missing = "file missing"
        /// Not applied, while a later version of its module is: it would run out of order.
        case outOfOrder = "out of order"

        /// Whether this state means the database and the files disagree.
        public var isProblem: Bool { self == .changed || self == .missing || self == .outOfOrder }
    }

    public var module: String
    public var version: Int
    public var name: String
    public var state: State
    /// The file, when there is one.
    public var path: String?
    /// When it was applied (UTC, ISO 8601), if it was.
    public var appliedAt: String?
    /// How long applying it took, if it was applied.
    public var durationMs: Double?

    /// `module/version`, e.g. `design/0001`.
    public var id: String { "\(module)/\(String(format: "%04d", version))" }

    /// Compares the planned files with the ledger: files first in plan order, then ledger rows
    /// whose file is gone.
    static func compare(plan: [Migration], ledger: [Ledger.Entry]) -> [MigrationStatus] {
        var entries: [String: Ledger.Entry] = [:]
        for entry in ledger { entries["\(entry.module)/\(entry.version)"] = entry }
        let latestApplied = Dictionary(ledger.map { ($0.module, $0.version) }, uniquingKeysWith: max)
        var statuses = plan.map { migration -> MigrationStatus in
            let entry = entries.removeValue(forKey: "\(migration.module)/\(migration.version)")
            let state: State =
                if let entry {
                    entry.checksum == migration.checksum ? .applied : .changed
                } else if let latest = latestApplied[migration.module], latest > migration.version {
                    .outOfOrder
                } else { .pending }
            return MigrationStatus(
                module: migration.module, version: migration.version, name: migration.name, state: state,
                path: migration.path, appliedAt: entry?.appliedAt, durationMs: entry?.durationMs)
        }
        statuses += ledger.filter { entries["\($0.module)/\($0.version)"] != nil }.map {
            MigrationStatus(
                module: $0.module, version: $0.version, name: $0.name, state: .missing, path: nil,
                appliedAt: $0.appliedAt, durationMs: $0.durationMs)
        }
        return statuses
    }
}
