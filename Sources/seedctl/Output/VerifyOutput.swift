import SeedKit

/// Renders a verify report as one line per check and the digest, or as JSON.
struct VerifyOutput {
    let report: VerifyReport

    func print(as format: OutputFormat) throws {
        switch format {
        case .json:
            Terminal.line(try PrettyJSON.string(VerifyJSON(report)))
        case .text:
            for check in report.checks {
                let mark = check.passed ? "ok  " : "FAIL"
                let samples = check.samples.isEmpty ? "" : " — e.g. " + check.samples.joined(separator: ", ")
                Terminal.line("\(mark) \(check.name): \(check.detail)\(samples)")
            }
            Terminal.line("digest \(report.digest)")
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
