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
        /// Recorded by `migrate baseline` without running.
        case baselined
        /// A no-transaction migration stopped part-way: `migrate resume` or `migrate repair`.
        case failed

        /// Whether this state means the database and the files disagree.
        public var isProblem: Bool {
            self == .changed || self == .missing || self == .outOfOrder || self == .failed
        }

        /// Whether the ledger counts the migration as done.
        public var isApplied: Bool { self == .applied || self == .baselined }
    }

    public var module: String
    public var version: Int
    /// The version as its file writes it.
    public var versionText: String
    public var name: String
    public var state: State
    /// The file, when there is one.
    public var path: String?
    /// When it was applied (UTC, ISO 8601), if it was.
    public var appliedAt: String?
    /// How long applying it took, if it was applied.
    public var durationMs: Double?

    /// For a failed migration, the index of the statement it stopped at.
    public var failedStatement: Int?

    /// `module/version`, e.g. `design/0001`.
    public var id: String { "\(module)/\(versionText)" }

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
                    entry.kind == .failed
                        ? .failed
                        : !migration.matches(checksum: entry.checksum)
                            ? .changed : entry.kind == .baselined ? .baselined : .applied
                } else if let latest = latestApplied[migration.module], latest > migration.version {
                    .outOfOrder
                } else { .pending }
            return MigrationStatus(
                module: migration.module, version: migration.version, versionText: migration.versionText,
                name: migration.name, state: state, path: migration.path, appliedAt: entry?.appliedAt,
                durationMs: entry?.durationMs, failedStatement: entry?.failedStatement)
        }
        statuses += ledger.filter { entries["\($0.module)/\($0.version)"] != nil }.map {
            MigrationStatus(
                module: $0.module, version: $0.version, versionText: Migration.display($0.version),
                name: $0.name,
                state: .missing, path: nil, appliedAt: $0.appliedAt, durationMs: $0.durationMs,
                failedStatement: $0.failedStatement)
        }
        return statuses
    }
}
