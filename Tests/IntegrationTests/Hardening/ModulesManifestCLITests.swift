import Foundation
import Testing

/// A broken `modules.yml` (issue 13, defect 7): one line naming `FILE:LINE`, exit 3, the
/// database unchanged, like `profiles.yml` and `vocabulary.yml`.
@Suite("modules.yml errors (CLI)")
struct ModulesManifestCLITests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let yaml: String
        /// The line the message must name, and a text it must contain.
        let line: Int
        let mentions: String

        var testDescription: String { label }
    }

    static let cases = [
        Case(label: "tab", yaml: "modules:\n  - name: design\n\t  requires: []\n", line: 3, mentions: "tab"),
        Case(
            label: "duplicate key", yaml: "modules:\n  - name: design\n    name: patterns\n", line: 2,
            mentions: "twice"),
        Case(label: "wrong type", yaml: "modules: 42\n", line: 1, mentions: "modules"),
        Case(label: "empty file", yaml: "\n", line: 1, mentions: "empty"),
        Case(
            label: "wrong nested type", yaml: "modules:\n  - name: design\n    requires: design\n", line: 3,
            mentions: "requires"),
    ]

    @Test("refused in one line naming modules.yml:LINE, exit 3, database unchanged", arguments: cases)
    func refusal(_ sample: Case) throws {
        let database = try TestDatabase.seededFixture(.sqlite)
        let before = try database.digest()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = directory.appendingPathComponent("m")
        try FileManager.default.copyItem(at: MigrationsFolder.repository, to: migrations)
        try Data(sample.yaml.utf8).write(to: migrations.appendingPathComponent("modules.yml"))
        for command in [["migrate"], ["migrate", "status"]] {
            let result = try CLI.run(
                command + ["--migrations", "m", "--database-url", database.url], in: directory)
            #expect(result.status == 3, "\(command): \(result.output)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(
                result.stderr.hasPrefix("seedctl: error: \(migrations.path)/modules.yml:\(sample.line):")
                    || result.stderr.hasPrefix("seedctl: error: m/modules.yml:\(sample.line):"),
                "\(result.stderr)")
            #expect(result.stderr.lowercased().contains(sample.mentions), "\(result.stderr)")
        }
        #expect(try database.digest() == before)
    }
}
