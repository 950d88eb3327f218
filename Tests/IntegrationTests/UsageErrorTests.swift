import Foundation
import Testing

/// A bad flag is a usage error: exit 64 before anything runs, with a message that names the flag
/// and shows what it accepts.
@Suite("usage errors (CLI)")
struct UsageErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        /// Texts standard error must contain: the flag first, then the accepted form, if any.
        let mentions: [String]
        var testDescription: String { arguments.joined(separator: " ") }

        init(_ arguments: [String], _ mentions: String...) {
            self.arguments = arguments
            self.mentions = mentions
        }
    }

    static let cases: [Case] = [
        Case(["--nope"], "--nope"),
        Case(["setup", "--seed", "forty-two"], "--seed"),
        Case(["setup", "--jobs", "2"], "--jobs"),
        Case(["migrate", "--lock-timeout=-1"], "--lock-timeout", "0 or more seconds"),
        Case(["migrate", "up", "--nope"], "--nope"),
        Case(["migrate", "status", "--format", "yaml"], "--format", "text", "json"),
        Case(["migrate", "validate", "--nope"], "--nope"),
        Case(["migrate", "new", "tech_spec"], "<name>"),
        Case(["seed", "--part", "5/4"], "--part", "K/N", "1 ≤ K ≤ N"),
        Case(["seed", "--part", "two"], "--part", "K/N"),
        Case(["seed", "--as-of", "yesterday"], "--as-of", "yyyy-mm-dd"),
        Case(["seed", "--as-of", "0001-01-01"], "--as-of", "between 1901-01-01 and 9998-12-31"),
        Case(["bench", "--max-error-rate", "101%"], "--max-error-rate", "0% to 100%"),
        Case(["seed", "--scale", "0"], "--scale", "positive number"),
        Case(["seed", "--jobs", "0"], "--jobs", "between 1 and 64"),
        Case(["seed", "--format", "csv"], "--out"),
        Case(["seed", "--out", "rows"], "--out", "--format csv"),
        Case(["verify", "--format", "yaml"], "--format", "text", "json"),
        Case(["explain", "--runs", "0"], "--runs", "between 1 and 10000"),
        Case(["explain", "--format", "html"], "--format", "junit"),
        Case(["explain", "--seed=-1"], "--seed"),
        Case(["bench", "--duration", "10x"], "--duration", "20s, 500ms, 2m"),
        Case(["bench", "--duration", "0s"], "--duration", "more than 0s"),
        Case(["bench", "--warmup", "2"], "--warmup", "2s or 500ms"),
        Case(["bench", "--think-time", "soon"], "--think-time", "100ms"),
        Case(["bench", "--threshold", "p95<"], "--threshold", "p(95)<50ms"),
        Case(["bench", "--threshold", "p(95)"], "--threshold", "comparison"),
        Case(["bench", "--stages", "30s"], "--stages", "TIME:CLIENTS"),
        Case(["bench", "--stages", "30s:0"], "--stages", "more than 0 clients"),
        Case(["bench", "--tolerance", "abc"], "--tolerance", "10%"),
        Case(["bench", "--tolerance", "2000%"], "--tolerance", "10%"),
        Case(["bench", "--clients", "0"], "--clients", "between 1 and 2000"),
        Case(["bench", "--connections", "0"], "--connections", "between 1 and 1000"),
        Case(["bench", "--rate", "0"], "--rate"),
        Case(["bench", "--transactions", "0"], "--transactions", "at least 1"),
        Case(["bench", "--rate", "100", "--think-time", "1s"], "--think-time", "--rate"),
        Case(["bench", "--stages", "30s:10", "--duration", "5s"], "--stages", "--duration"),
        Case(["bench", "--transactions", "10", "--duration", "5s"], "--transactions", "--duration"),
        Case(["bench", "--abort-on-fail"], "--abort-on-fail", "--threshold"),
        Case(["bench", "--json", "/no/such/folder/out.json"], "--json", "not writable"),
        Case(["clear", "--nope"], "--nope"),
    ]

    @Test("exits 64 and names the flag", arguments: cases)
    func usageError(_ sample: Case) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(sample.arguments, in: directory)
        #expect(result.status == 64, "\(result.stderr)")
        for text in sample.mentions {
            #expect(result.stderr.contains(text), "\(result.stderr)")
        }
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("seedctl: error: "), "like every other error: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing ran")
    }
}
