import Foundation
import Testing

/// Every command that talks to a database reports a server it cannot reach the same way, whether
/// the command opens the connection itself or the library opens it (`seed --jobs`, `bench`).
@Suite("unreachable server, every command (CLI)")
struct ConnectionFailureCLITests {
    static let url = "postgres://app:\(ConnectionErrorCLITests.secret)@127.0.0.1:1/app"

    static let commands: [[String]] = [
        ["migrate", "--migrations", Repository.migrations],
        ["migrate", "status", "--migrations", Repository.migrations],
        ["seed", "--profile", "fixture", "--seeds", Repository.seeds],
        ["seed", "--profile", "fixture", "--seeds", Repository.seeds, "--jobs", "2"],
        ["verify"],
        ["explain", "--catalog", Repository.seeds + "/catalog.sql"],
        ["bench", "--catalog", Repository.seeds + "/catalog.sql", "--duration", "1s"],
        ["clear"],
        ["setup", "--migrations", Repository.migrations, "--seeds", Repository.seeds],
    ]

    @Test("exits 2 with one line of advice and no password", arguments: commands)
    func unreachable(_ command: [String]) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(command + ["--database-url", Self.url], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        ConnectionErrorCLITests.expectOneCleanLine(
            result, mentioning: "cannot connect to postgres://app:****@127.0.0.1:1/app")
        #expect(result.stderr.contains("check the host and port"), "\(result.stderr)")
    }
}
