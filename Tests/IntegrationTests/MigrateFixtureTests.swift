import Foundation
import SeedKit
import Testing

/// Migration folders written the way other tools write them (Tests/IntegrationTests/Fixtures),
/// tried as a new user would: `migrate`, `migrate down --to 0`, `migrate` again, then the same
/// schema and rows as applying their up halves with psql or sqlite3.
@Suite("migration folders of other tools (CLI)")
struct MigrateFixtureTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        let name: String
        let backend: Backend
        var testDescription: String { name }
    }

    static let fixtures = [
        Fixture(name: "dbmate", backend: .postgres), Fixture(name: "goose", backend: .postgres),
        Fixture(name: "golang-migrate", backend: .postgres), Fixture(name: "pg_dump", backend: .postgres),
        Fixture(name: "atlas", backend: .sqlite), Fixture(name: "drizzle", backend: .sqlite),
        Fixture(name: "sqlite-dump", backend: .sqlite),
    ]

    @Test(arguments: fixtures)
    func migrateDownToZeroAndMigrateAgain(_ fixture: Fixture) throws {
        let folder = try ScratchMigrations(fixture: fixture.name)
        let database = try TestDatabase(fixture.backend)
        let base = ["--database-url", database.url, "--migrations", folder.path]
        let first = try CLI.run(["migrate"] + base)
        #expect(first.status == 0, "\(first.stderr)")
        let afterFirst = try Self.dump(database)
        let down = try CLI.run(["migrate", "down", "--to", "0"] + base)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try Self.dump(database).filter { $0.hasPrefix("CREATE") }.isEmpty, "objects left after down")
        let again = try CLI.run(["migrate"] + base)
        #expect(again.status == 0, "\(again.stderr)")
        let afterAgain = try Self.dump(database)
        #expect(afterAgain == afterFirst)

        let reference = try TestDatabase(fixture.backend)
        try Self.applyUpHalves(of: folder, to: reference)
        let expected = try Self.dump(reference)
        #expect(afterAgain == expected)
        #expect(expected.contains { $0.hasPrefix("CREATE TABLE") })
    }

    @Test("the Atlas rebuild keeps the child rows' references through the CLI")
    func atlasRebuildKeepsCars() throws {
        let folder = try ScratchMigrations(fixture: "atlas")
        let database = try TestDatabase(.sqlite)
        #expect(
            try CLI.run(["migrate", "--database-url", database.url, "--migrations", folder.path]).status == 0)
        let owners = try database.connect().query("SELECT user_id FROM cars ORDER BY id").map {
            $0["user_id"].int
        }
        #expect(owners == [1, 2, 2])
    }

    // MARK: - Reference application and comparison

    /// Applies each migration's up half with the dialect's own shell: the file up to its down
    /// marker (a `.down.sql` file skipped), psql with `-1` unless the file says it runs
    /// outside a transaction.
    static func applyUpHalves(of folder: ScratchMigrations, to database: TestDatabase) throws {
        let module = folder.url.appendingPathComponent(database.backend.rawValue).appendingPathComponent(
            "app")
        let files = try FileManager.default.contentsOfDirectory(atPath: module.path)
            .filter { $0.hasSuffix(".sql") && !$0.hasSuffix(".down.sql") }.sorted()
        for file in files {
            let text = try String(contentsOf: module.appendingPathComponent(file), encoding: .utf8)
            var up: [Substring] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let lower = line.lowercased()
                if lower.hasPrefix("-- migrate:down") || lower.hasPrefix("-- +goose down")
                    || lower.hasPrefix("-- seedctl:down")
                {
                    break
                }
                up.append(line)
            }
            let script = up.joined(separator: "\n") + "\n"
            let outside = text.contains("transaction:false") || text.contains("+goose NO TRANSACTION")
            switch database.backend {
            case .postgres:
                let arguments =
                    ["-X", "-q", "-v", "ON_ERROR_STOP=1"] + (outside ? [] : ["-1"]) + ["-d", database.url]
                try run("psql", arguments, input: script)
            case .sqlite:
                try run("sqlite3", ["-bail", String(database.url.dropFirst("sqlite:".count))], input: script)
            }
        }
    }

    /// The schema and rows, as the dialect's dump tool prints them, without the ledger.
    static func dump(_ database: TestDatabase) throws -> [String] {
        let output: String
        switch database.backend {
        case .postgres:
            output = try run(
                "pg_dump",
                [
                    "--no-owner", "--no-privileges", "--restrict-key=seedctl",
                    "--exclude-table=public.seedctl_migrations", database.url,
                ])
        case .sqlite:
            output = try run("sqlite3", [String(database.url.dropFirst("sqlite:".count)), ".dump"])
        }
        var lines: [String] = []
        var inLedger = false
        for line in output.split(separator: "\n").map(String.init) {
            if line.hasPrefix("CREATE TABLE") && line.contains("seedctl_migrations") {
                inLedger = !line.hasSuffix(";")
            } else if inLedger {
                inLedger = line != ");"
            } else if !line.contains("seedctl_migrations") && !line.hasPrefix("--") && !line.isEmpty {
                lines.append(line)
            }
        }
        return lines
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], input: String = "") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("in")
        let outputURL = directory.appendingPathComponent("out")
        let errorURL = directory.appendingPathComponent("err")
        try Data(input.utf8).write(to: inputURL)
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()
        let errors = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        try #require(process.terminationStatus == 0, "\(tool) failed: \(errors)")
        return String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
    }
}
