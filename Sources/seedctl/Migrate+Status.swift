import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl.Migrate {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every migration: applied, pending, changed, file missing or out of order.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect(readOnly: .mustExist)
                let statuses = try migrations.migrator(database).status()
                switch format {
                case .json:
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let data = try encoder.encode(statuses.map(StatusRecord.init))
                    Terminal.line(String(decoding: data, as: UTF8.self))
                case .text:
                    Terminal.line(
                        Terminal.table(
                            ["MODULE", "VERSION", "NAME", "STATE", "APPLIED AT", "DURATION"],
                            statuses.map {
                                [
                                    $0.module, $0.versionText, $0.name,
                                    $0.state.rawValue
                                        + ($0.failedStatement.map { " at statement \($0 + 1)" } ?? ""),
                                    $0.appliedAt ?? "-",
                                    $0.durationMs.map { Terminal.duration(ms: $0) } ?? "-",
                                ]
                            }))
                    let pending = statuses.filter { $0.state == .pending }.count
                    let problems = statuses.filter(\.state.isProblem).count
                    let baselined = statuses.filter { $0.state == .baselined }.count
                    Terminal.line(
                        "\(statuses.count - pending - problems - baselined) applied, \(baselined) baselined, \(pending) pending, \(problems) problem(s)"
                    )
                }
            }
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
