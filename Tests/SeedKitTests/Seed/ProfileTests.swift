import Foundation
import Testing

@testable import SeedKit

struct ProfileTests {
    static let small = Profile(
        name: "small", description: "",
        counts: [
            "shared.design_jobs": 5, "shared.design_outputs": 10, "shared.design_decisions": 3,
            "tech_spec_sessions": 10, "tech_research": 0, "patterns": 1_000,
        ])

    // MARK: --scale

    @Test(
        arguments: [
            (1, [5, 10, 3, 10, 0, 1_000]),
            (2, [10, 20, 6, 20, 0, 2_000]),
            (0.5, [3, 5, 2, 5, 0, 500]),  // 2.5 and 1.5 round away from zero
            (0.1, [1, 1, 1, 1, 0, 100]),  // 0.3 and 0.5: never below one row
            (0.001, [1, 1, 1, 1, 0, 1]),
            (1.0 / 3, [2, 3, 1, 3, 0, 333]),
        ] as [(Double, [Int])])
    func scales(factor: Double, expected: [Int]) throws {
        let scaled = try Self.small.scaled(by: factor)
        let names = [
            "shared.design_jobs", "shared.design_outputs", "shared.design_decisions", "tech_spec_sessions",
            "tech_research", "patterns",
        ]
        #expect(names.map { scaled.counts[$0] } == expected)
        #expect(scaled.name == "small")
    }

    @Test(arguments: [0, -1, .nan, .infinity, -.infinity] as [Double])
    func refusesANonPositiveScale(factor: Double) {
        #expect(throws: ConfigurationError("'--scale' must be a positive number")) {
            try Self.small.scaled(by: factor)
        }
    }

    // MARK: --count

    @Test func overridesCounts() throws {
        let profile = try Self.small.overriding([
            "tech_conversations=500_000", "design_jobs=7", "patterns=0", "tech_research=12",
            "tech_research=13",
        ])
        #expect(profile.counts["tech_conversations"] == 500_000)
        #expect(profile.counts["shared.design_jobs"] == 7, "the schema prefix is optional")
        #expect(profile.counts["patterns"] == 0)
        #expect(profile.counts["tech_research"] == 13, "the last override of a table wins")
        #expect(profile.counts["shared.design_outputs"] == 10)
        #expect(try Self.small.overriding([]) == Self.small)
    }

    @Test(arguments: [
        "tech_research", "tech_research=", "=5", "tech_research=-1", "tech_research=abc", "tech_research=1.5",
    ])
    func refusesAMalformedCount(text: String) {
        #expect(
            throws: ConfigurationError(
                "'--count \(text)' must look like TABLE=ROWS, e.g. tech_conversations=500000"
            )
        ) {
            try Self.small.overriding([text])
        }
    }

    @Test func refusesAnUnknownTable() {
        #expect(
            throws: ConfigurationError(
                "'--count': unknown table 'sessions'; seeded tables: shared.design_jobs, "
                    + "shared.design_outputs, "
                    + "shared.design_decisions, tech_spec_sessions, tech_research, tech_conversations, "
                    + "tech_trd_documents, tech_error_logs, patterns"
            )
        ) {
            try Self.small.overriding(["sessions=5"])
        }
    }

    // MARK: validate

    @Test func validatesParentsAndSizes() throws {
        try Self.small.validate()
        var orphaned = Self.small
        orphaned.counts["tech_spec_sessions"] = 0
        orphaned.counts["tech_error_logs"] = 4
        #expect(
            throws: ConfigurationError(
                "tech_error_logs has 4 rows but its parent tech_spec_sessions has none; "
                    + "give tech_spec_sessions a count"
            )
        ) {
            try orphaned.validate()
        }
        var huge = Self.small
        huge.counts["patterns"] = 2_000_000_001
        #expect(
            throws: ConfigurationError(
                "patterns: 2000000001 rows is more than seedctl generates (2000000000); "
                    + "lower the count or --scale"
            )
        ) {
            try huge.validate()
        }
        huge.counts["patterns"] = 2_000_000_000
        try huge.validate()
    }

    // MARK: profiles.yml

    @Test func readsTheRepositorysProfiles() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "Seeds/profiles.yml")
        let catalog = try ProfileCatalog(contentsOf: url)
        #expect(catalog.profiles.map(\.name) == ["default", "fixture", "large", "staging"])
        let fixture = try catalog.profile(named: "fixture")
        #expect(fixture.count(SeedSchema.designJobs) == 5)
        #expect(fixture.count(SeedSchema.conversations) == 80)
        #expect(fixture.count(SeedSchema.patterns) == 1_000)
        for profile in catalog.profiles { try profile.validate() }
        #expect(
            throws: ConfigurationError("unknown profile 'tiny'; available: default, fixture, large, staging")
        ) {
            try catalog.profile(named: "tiny")
        }
    }

    @Test func readsAProfilesFile() throws {
        try withTemporaryDirectory { directory in
            let yaml = """
                profiles:
                  b:
                    counts: { design_jobs: 2, patterns: 3 }
                  a:
                    description: first
                    counts: { tech_spec_sessions: 1, shared.design_jobs: 1 }
                """
            try writeFiles(["profiles.yml": yaml], in: directory)
            let catalog = try ProfileCatalog(contentsOf: directory.appendingPathComponent("profiles.yml"))
            #expect(
                catalog.profiles == [
                    Profile(
                        name: "a", description: "first",
                        counts: ["tech_spec_sessions": 1, "shared.design_jobs": 1]),
                    Profile(name: "b", description: "", counts: ["shared.design_jobs": 2, "patterns": 3]),
                ])
        }
    }

    @Test(
        arguments: [
            ("profiles:\n  a:\n    counts: { nope: 1 }\n", 3, "profile 'a' names unknown table 'nope'"),
            ("profiles:\n  a:\n    count: { patterns: 1 }\n", 3, "'profiles.a' lacks the key 'counts'"),
            ("- just a list\n", 1, "the document should be a mapping"),
            (
                "profiles:\n  a:\n    counts: { patterns: many }\n", 3,
                "'profiles.a.counts.patterns' should be a whole number"
            ),
            ("profiles:\n  a:\n    counts:\n      patterns: -5\n", 4, "gives patterns -5 rows"),
            ("profiles:\n  a:\n    counts:\n      patterns: 2000000001\n", 4, "from 0 to 2000000000"),
            (
                "profiles:\n  a:\n    counts:\n      patterns: 99999999999999999999\n", 4,
                "should be a whole number"
            ),
            ("profiles:\n  a:\n\tcounts: {}\n", 3, "indent with spaces, not tabs"),
            ("profiles:\n  a:\n    counts: {}\n  a:\n    counts: {}\n", 2, "key 'a' appears twice"),
            ("", 1, "the file is empty"),
            ("# only a comment\n\n", 1, "holds no YAML document"),
        ])
    func refusesABadProfilesFile(yaml: String, line: Int, problem: String) throws {
        try withTemporaryDirectory { directory in
            try writeFiles(["profiles.yml": yaml], in: directory)
            let url = directory.appendingPathComponent("profiles.yml")
            let error = #expect(throws: ConfigurationError.self) { try ProfileCatalog(contentsOf: url) }
            #expect(
                error?.description.hasPrefix(url.path + ":\(line): ") == true, "\(String(describing: error))")
            #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
        }
    }

    @Test func refusesAMissingProfilesFile() {
        let url = URL(fileURLWithPath: "/nonexistent/profiles.yml")
        #expect(
            throws: ConfigurationError(
                "cannot read profiles from /nonexistent/profiles.yml; "
                    + "pass --seeds DIR or run from the project folder"
            )
        ) {
            try ProfileCatalog(contentsOf: url)
        }
    }
}
