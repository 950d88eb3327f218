import Foundation
import Testing

@testable import SeedKit

/// No password, and no 4-character piece of one, reaches anything seedctl prints or writes
/// (issue 13, defect 3): random passwords of 1 to 40 printable characters in every URL shape.
@Suite("passwords never leak")
struct PasswordLeakTests {
    /// Parsing and describing a URL, and refusing one: 3,000 random passwords in every shape.
    @Test("DatabaseURL's description and refusals, over random passwords", arguments: [UInt64(1), 2, 3])
    func descriptionsAndRefusals(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<1000 {
            let password = random.password()
            for shape in PasswordShape.allCases {
                let url = shape.url(
                    password: password, user: "app", host: "db.example", port: 5432, database: "app")
                let shown: String
                do {
                    shown = try DatabaseURL(url).description
                } catch let error as ConfigurationError {
                    shown = error.description
                }
                let leaks = leakedFragments(of: password, user: "app", in: shown)
                #expect(
                    leaks.isEmpty, "seed \(seed), \(shape), password \(password.debugDescription): \(shown)")
            }
        }
    }

    /// Every command's output, text, JSON, JUnit and HTML, with the password in the URL that
    /// opened the database: a role with that password logs in, so the full outputs are written.
    @Test("every command's output, over random passwords in every shape")
    func commandOutputs() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let admin = try DatabaseURL(try Backend.postgresAdminURL()).connect()
        let target = try #require(URLComponents(string: database.url))
        let host = target.host ?? "127.0.0.1"
        let port = target.port ?? 5432
        let name = String(target.path.dropFirst())
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededRandom(seed: 13)
        for round in 0..<6 {
            let password = random.password()
            let role = "seedctl_pw_\(UUID().uuidString.prefix(8).lowercased())"
            let literal = "'" + password.replacingOccurrences(of: "'", with: "''") + "'"
            try admin.execute(script: "CREATE ROLE \(role) LOGIN SUPERUSER PASSWORD \(literal)")
            defer { _ = try? admin.execute(script: "DROP ROLE IF EXISTS \(role)") }
            for (index, shape) in PasswordShape.allCases.enumerated() {
                let url = shape.url(password: password, user: role, host: host, port: port, database: name)
                let json = folder.appendingPathComponent("bench.json")
                let html = folder.appendingPathComponent("bench.html")
                var runs: [[String]] = [["verify", "--format", "json"], ["verify"]]
                // The slower commands on a rotation, so each shape meets each of them.
                switch (round + index) % 3 {
                case 0:
                    runs.append([
                        "bench", "--query", "session_by_id", "--transactions", "20", "--warmup", "0s",
                        "--json",
                        json.path, "--report", html.path, "--max-error-rate", "100%",
                    ])
                case 1:
                    runs.append([
                        "explain", "--only", "session_by_id", "--no-analyze", "--runs", "1", "--format",
                        "junit",
                    ])
                default:
                    // A wrong port: the connection failure's message.
                    runs.append([
                        "verify", "--database-url", url.replacingOccurrences(of: "\(port)", with: "1"),
                    ])
                }
                for arguments in runs {
                    let withURL =
                        arguments.contains("--database-url")
                        ? arguments : arguments + ["--database-url", url]
                    let result = try CLI.run(
                        withURL
                            + ["--catalog", Repository.seeds + "/catalog.sql"].filter { _ in
                                arguments.first == "bench" || arguments.first == "explain"
                            }, in: Repository.root)
                    var written = result.output
                    for file in [json, html] where FileManager.default.fileExists(atPath: file.path) {
                        written += try String(contentsOf: file, encoding: .utf8)
                        try FileManager.default.removeItem(at: file)
                    }
                    let leaks = leakedFragments(of: password, user: role, in: written)
                    #expect(
                        leaks.isEmpty,
                        "\(shape) \(arguments.first ?? ""), password \(password.debugDescription): \(leaks)")
                    if !arguments.contains("--database-url") {
                        #expect(result.status == 0 || result.status == 1, "\(shape): \(result.stderr)")
                    }
                }
            }
        }
    }
}
