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
                            $0.module, $0.versionText, $0.name,
                            $0.state.rawValue + ($0.failedStatement.map { " at statement \($0 + 1)" } ?? ""),
                            $0.appliedAt ?? "-", $0.durationMs.map { Terminal.duration(ms: $0) } ?? "-",
                        ]
                    }))
            let pending = statuses.filter { $0.state == .pending }.count
            let problems = statuses.filter(\.state.isProblem).count
            let baselined = statuses.filter { $0.state == .baselined }.count
            let applied = statuses.count - pending - problems - baselined
            Terminal.line(
                "\(applied) applied, \(baselined) baselined, \(pending) pending, \(problems) problem(s)")
        }
    }
}

/// One migration in `migrate status --format json`.
private struct StatusRecord: Encodable {
    let module: String
    let version: Int
    let versionText: String
    let name: String
    let state: String
    let file: String?
    let appliedAt: String?
    let durationMs: Double?

    init(_ status: MigrationStatus) {
        module = status.module
        version = status.version
        versionText = status.versionText
        name = status.name
        state = status.state.rawValue
        file = status.path
        appliedAt = status.appliedAt
        durationMs = status.durationMs
    }

    enum CodingKeys: String, CodingKey {
        case module, version, name, state, file
        case versionText = "version_text"
        case appliedAt = "applied_at"
        case durationMs = "duration_ms"
    }
}
