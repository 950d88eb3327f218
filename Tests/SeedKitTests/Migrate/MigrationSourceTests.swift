import Foundation
import Testing

@testable import SeedKit

struct MigrationSourceTests {
    @Test(arguments: Dialect.allCases)
    func planIsDependencyOrderThenVersionOrder(dialect: Dialect) throws {
        try withTemporaryDirectory { directory in
            try writeFiles(MigrationFixtures.valid, in: directory)
            let plan = try MigrationSource(directory: directory).plan(for: dialect)
            #expect(
                plan.map(\.id) == [
                    "design/0001", "design/0002", "tech_spec/2", "tech_spec/10", "patterns/0001",
                ])
            #expect(
                plan.map(\.name) == ["create_shared", "add_decisions", "sessions", "research", "patterns"])
            let folder = directory.appendingPathComponent(dialect.rawValue).path + "/"
            #expect(
                plan.allSatisfy {
                    $0.path.hasPrefix(folder) && $0.up.text.hasPrefix("-- \(dialect.rawValue) ")
                })
        }
    }

    @Test func latestVersionPerModule() throws {
        try withTemporaryDirectory { directory in
            try writeFiles(MigrationFixtures.valid, in: directory)
            let source = try MigrationSource(directory: directory)
            #expect(source.latestVersion(of: "design") == 2)
            #expect(source.latestVersion(of: "tech_spec") == 10)
            #expect(source.latestVersion(of: "unknown") == 0)
        }
    }

    @Test func hiddenFilesAndFoldersAndEmptyModulesAreIgnored() throws {
        try withTemporaryDirectory { directory in
            var files = MigrationFixtures.valid(changing: [
                "postgres/design/.DS_Store": "x", "sqlite/.git/config": "x", "postgres/patterns/.gitkeep": "",
            ])
            files["modules.yml"] = MigrationFixtures.manifest + "\n  - name: later\n"
            try writeFiles(files, in: directory)
            let source = try MigrationSource(directory: directory)
            #expect(try source.plan(for: .postgres).count == 5)
            #expect(source.latestVersion(of: "later") == 0)
        }
    }

    @Test func cycleInTheManifestFailsThePlan() throws {
        try withTemporaryDirectory { directory in
            let manifest =
                "modules:\n  - name: design\n    requires: [tech_spec]\n  - name: tech_spec\n    requires: [design]\n  - name: patterns\n"
            try writeFiles(MigrationFixtures.valid(changing: ["modules.yml": manifest]), in: directory)
            let source = try MigrationSource(directory: directory)
            #expect(throws: ConfigurationError.self) { try source.plan(for: .sqlite) }
        }
    }

    /// A change that breaks the valid folder and what the error must mention.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let name: String
        let changes: [String: String?]
        let mentions: [String]
        var testDescription: String { name }
    }

    static let breakages: [Breakage] = [
        Breakage(name: "missing manifest", changes: ["modules.yml": nil], mentions: ["modules.yml"]),
        Breakage(
            name: "malformed manifest", changes: ["modules.yml": "modules: ["], mentions: ["modules.yml"]),
        Breakage(
            name: "badly named file", changes: ["postgres/design/create_more.sql": "x"],
            mentions: ["postgres/design/create_more.sql"]),
        Breakage(
            name: "duplicate version",
            changes: ["postgres/design/01_b.sql": "x", "sqlite/design/01_b.sql": "x"],
            mentions: ["01_b.sql", "0001_create_shared.sql"]),
        Breakage(
            name: "module in one dialect only", changes: ["sqlite/patterns/0001_patterns.sql": nil],
            mentions: ["'patterns'", "sqlite"]),
        Breakage(
            name: "version in one dialect only", changes: ["postgres/design/0003_extra.sql": "x"],
            mentions: ["'design'", "extra"]),
        Breakage(
            name: "same version, other name",
            changes: ["postgres/design/0003_one.sql": "x", "sqlite/design/0003_other.sql": "x"],
            mentions: ["'design'"]),
        Breakage(
            name: "undeclared folder", changes: ["sqlite/reports/0001_x.sql": "x"],
            mentions: ["sqlite/reports"]),
    ]

    @Test(arguments: breakages)
    func inconsistentFolderIsAConfigurationError(_ breakage: Breakage) throws {
        try withTemporaryDirectory { directory in
            try writeFiles(MigrationFixtures.valid(changing: breakage.changes), in: directory)
            let error = try #require(throws: ConfigurationError.self) {
                try MigrationSource(directory: directory)
            }
            for text in breakage.mentions {
                #expect(error.description.contains(text), "\(error.description)")
            }
        }
    }
}
