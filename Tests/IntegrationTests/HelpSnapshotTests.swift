import Foundation
import Testing

/// The `--help` screen of the root command and of every subcommand, compared with the text checked
/// in under `Tests/IntegrationTests/Snapshots/help/`, as swift-argument-parser's example tests do.
///
/// After a deliberate change to a help text, rewrite the snapshots and review the diff:
///
///     SEEDCTL_RECORD_SNAPSHOTS=1 swift test --filter HelpSnapshotTests
@Suite("help screens (CLI)")
struct HelpSnapshotTests {
    struct Command: Sendable, CustomTestStringConvertible {
        let words: [String]
        var testDescription: String { (["seedctl"] + words).joined(separator: " ") }
        /// `seedctl.txt`, `seedctl-migrate-status.txt`, …
        var snapshot: URL {
            let name = (["seedctl"] + words).joined(separator: "-")
            return HelpSnapshotTests.folder.appendingPathComponent(name + ".txt")
        }
    }

    static let commands: [Command] = [
        [], ["setup"], ["migrate"], ["migrate", "up"], ["migrate", "status"], ["migrate", "validate"],
        ["migrate", "new"], ["migrate", "down"], ["migrate", "baseline"], ["migrate", "resume"],
        ["migrate", "repair"], ["seed"], ["verify"], ["explain"], ["bench"], ["bench", "run"], ["schema"],
        ["clear"], ["bench", "alert-rules"], ["bench", "merge"], ["bench", "history"], ["bench", "trend"],
    ].map(Command.init)

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/help")

    static let recording = ProcessInfo.processInfo.environment["SEEDCTL_RECORD_SNAPSHOTS"] == "1"

    /// Help as a terminal 100 columns wide shows it, whatever the terminal running the tests.
    static func help(_ command: Command) throws -> CLI.Result {
        try CLI.run(command.words + ["--help"], environment: ["COLUMNS": "100", "LINES": "50"])
    }

    @Test("--help matches its snapshot", arguments: commands)
    func matchesSnapshot(_ command: Command) throws {
        let result = try Self.help(command)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        if Self.recording {
            try Data(result.stdout.utf8).write(to: command.snapshot)
            return
        }
        let expected = try String(contentsOf: command.snapshot, encoding: .utf8)
        #expect(
            result.stdout == expected,
            """
            \(command.testDescription) --help differs from \(command.snapshot.lastPathComponent); \
            if the change is meant, re-record with SEEDCTL_RECORD_SNAPSHOTS=1
            """)
    }

    @Test("every subcommand a help screen lists has a snapshot")
    func everySubcommandIsCovered() throws {
        let covered = Set(Self.commands.map(\.words))
        for command in Self.commands {
            for subcommand in try Self.subcommands(in: Self.help(command).stdout) {
                #expect(
                    covered.contains(command.words + [subcommand]),
                    "no snapshot of \(command.testDescription) \(subcommand)")
            }
        }
    }

    /// The first word of each line under `SUBCOMMANDS:`, without ArgumentParser's own `help`.
    static func subcommands(in help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        return lines[(start + 1)...]
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "help" }
    }
}
