import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the seeded data: orphans, counts, time order, pattern statistics; print its digest.",
            discussion: """
                Expected counts are those 'seedctl seed' recorded, unless --profile is given. The \
                digest is an order-independent SHA-256 over canonical values, the same on \
                PostgreSQL and SQLite for the same seed. Exits 1 when an invariant is broken.
                """)

        @OptionGroup var connection: ConnectionOptions

        /// Overrides the recorded profile.
        @Option(help: "Expect this profile's counts instead of those recorded by the last seed.")
        var profile: String?

        @Option(help: ArgumentHelp("Folder with profiles.yml (with --profile).", valueName: "dir"))
        var seeds = "Seeds"

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect()
                let profile = try self.profile.map {
                    try ProfileCatalog(contentsOf: URL(fileURLWithPath: seeds).appendingPathComponent("profiles.yml")).profile(named: $0)
                }
                let report = try Verifier.expecting(profile, on: database).run()
                switch format {
                case .json:
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    Terminal.line(String(decoding: try encoder.encode(VerifyJSON(report)), as: UTF8.self))
                case .text:
                    for check in report.checks {
                        let mark = check.passed ? "ok  " : "FAIL"
                        let samples = check.samples.isEmpty ? "" : " — e.g. " + check.samples.joined(separator: ", ")
                        Terminal.line("\(mark) \(check.name): \(check.detail)\(samples)")
                    }
                    Terminal.line("digest \(report.digest)")
                }
                guard report.passed else {
                    let failed = report.checks.filter { !$0.passed }.map(\.name)
                    Terminal.error("\(failed.count) check(s) failed: \(failed.joined(separator: "; "))")
                    throw ExitStatus.checkFailed
                }
            }
        }
    }
}

/// `verify --format json`: the report with `passed` spelled out.
private struct VerifyJSON: Encodable {
    let passed: Bool
    let digest: String
    let checks: [VerifyReport.Check]
    let tables: [DatasetDigest.TableDigest]

    init(_ report: VerifyReport) {
        passed = report.passed
        digest = report.digest
        checks = report.checks
        tables = report.tables
    }
}
