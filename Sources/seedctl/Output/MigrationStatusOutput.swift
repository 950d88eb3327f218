import Foundation
import SeedKit

/// Renders `migrate status` as a table with a count line, or as JSON.
struct MigrationStatusOutput {
    let statuses: [MigrationStatus]

    func print(as format: OutputFormat) throws {
        switch format {
        case .json:
            Terminal.line(try PrettyJSON.string(statuses.map(StatusRecord.init)))
        case .text:
            Terminal.line(
                Terminal.table(
                    ["MODULE", "VERSION", "NAME", "STATE", "APPLIED AT", "DURATION"],
                    statuses.map {
                        [
                            $0.module, String(format: "%04d", $0.version), $0.name, $0.state.rawValue,
                            $0.appliedAt ?? "-", $0.durationMs.map { Terminal.duration(ms: $0) } ?? "-",
                        ]
                    }))
            let pending = statuses.filter { $0.state == .pending }.count
            let problems = statuses.filter(\.state.isProblem).count
            let applied = statuses.count - pending - problems
            Terminal.line("\(applied) applied, \(pending) pending, \(problems) problem(s)")
        }
    }
}

/// One migration in `migrate status --format json`.
private struct StatusRecord: Encodable {
    let module: String
    let version: Int
    let name: String
    let state: String
    let file: String?
    let appliedAt: String?
    let durationMs: Double?

    init(_ status: MigrationStatus) {
        module = status.module
        version = status.version
        name = status.name
        state = status.state.rawValue
        file = status.path
        appliedAt = status.appliedAt
        durationMs = status.durationMs
    }

    enum CodingKeys: String, CodingKey {
        case module, version, name, state, file
        case appliedAt = "applied_at"
        case durationMs = "duration_ms"
    }
}
