import Foundation
import Testing

/// Bad connection settings end in one clear line, a documented exit code, and no password.
@Suite("connection errors (CLI)")
struct ConnectionErrorCLITests {
    static let secret = "s3cr3t-Pa55"

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let url: String
        let status: Int32
        let mentions: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "malformed URL", url: "postgres://app:\(secret)@db.example/app?sslmode", status: 3,
            mentions: "invalid PostgreSQL URL"),
        Case(
            label: "unsupported scheme", url: "mysql://app:\(secret)@localhost/app", status: 3,
            mentions: "unsupported database URL"),
        Case(
            label: "unreachable server", url: "postgres://app:\(secret)@127.0.0.1:1/app", status: 2,
            mentions: "Connection refused"),
    ]

    @Test("fails with one line and no password", arguments: cases)
    func badSettings(_ sample: Case) throws {
        let result = try CLI.run([
            "migrate", "--database-url", sample.url, "--migrations", MigrationsFolder.repository.path,
        ])
        #expect(result.status == sample.status, "\(result.stderr)")
        Self.expectOneCleanLine(result, mentioning: sample.mentions)
    }

    @Test("a wrong password against the real server fails cleanly")
    func wrongPassword() throws {
        let admin = try Backend.postgresAdminURL()
        var components = try #require(URLComponents(string: admin))
        components.password = Self.secret
        let result = try CLI.run([
            "migrate", "status", "--database-url", try #require(components.string),
            "--migrations", MigrationsFolder.repository.path,
        ])
        #expect(result.status == 2)
        Self.expectOneCleanLine(result, mentioning: "password authentication failed")
        #expect(result.stderr.contains("check the user and password"))
    }

    @Test("DATABASE_URL from the environment is used and redacted too")
    func environmentURL() throws {
        let result = try CLI.run(
            ["migrate", "--migrations", MigrationsFolder.repository.path],
            environment: ["DATABASE_URL": "postgres://app:\(Self.secret)@127.0.0.1:1/app"])
        #expect(result.status == 2)
        Self.expectOneCleanLine(result, mentioning: "postgres://app:****@127.0.0.1:1/app")
    }

    static func expectOneCleanLine(_ result: CLI.Result, mentioning text: String) {
        #expect(!result.output.contains(secret))
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("seedctl: error: "))
        #expect(result.stderr.contains(text), "\(result.stderr)")
        #expect(!result.output.contains("Fatal error"))
    }
}

/// The root command's help lists the documented exit codes.
@Test("--help lists the exit codes")
func helpListsExitCodes() throws {
    let result = try CLI.run(["--help"])
    #expect(result.status == 0)
    for code in ["0 ", "1 ", "2 ", "3 ", "4 ", "64"] {
        #expect(result.stdout.contains("  \(code)"), "exit code \(code) missing from help")
    }
    let usage = try CLI.run(["migrate", "--lock-timeout", "-1"])
    #expect(usage.status == 64)
    #expect(usage.stderr.contains("--lock-timeout"))
}
