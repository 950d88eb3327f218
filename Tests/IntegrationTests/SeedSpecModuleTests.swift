import Foundation
import Testing

@testable import SeedKit

/// Issue 16's test module (`Fixtures/session_tags`): columns added to `tech_spec_sessions` and a
/// new child table, seeded from the module's spec with no Swift change, on real SQLite and
/// PostgreSQL.
@Suite("seed: a migrations module with its dataset spec (CLI)")
struct SeedSpecModuleTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/session_tags")

    /// The repository's migrations and seeds with the module added; the spec's rule for
    /// `owner_team` commented out until `addRule()`.
    final class Project {
        let migrations: MigrationsFolder
        let seeds: URL

        init() throws {
            migrations = try MigrationsFolder()
            let manifest = migrations.url.appendingPathComponent("modules.yml")
            try
                (Data(contentsOf: manifest) + Data("  - name: session_tags\n    requires: [tech_spec]\n".utf8))
                .write(to: manifest)
            for dialect in [Dialect.postgres, .sqlite] {
                let folder = migrations.url.appendingPathComponent(dialect.rawValue)
                    .appendingPathComponent("session_tags")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try FileManager.default.copyItem(
                    at: fixture.appendingPathComponent(dialect.rawValue).appendingPathComponent(
                        "0001_session_tags.sql"),
                    to: folder.appendingPathComponent("0001_session_tags.sql"))
            }
            seeds = FileManager.default.temporaryDirectory.appendingPathComponent(
                "seedctl-seeds-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Repository.seeds), to: seeds)
            let dataset = seeds.appendingPathComponent("dataset")
            try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: fixture.appendingPathComponent("dataset/session_tags.yml"), to: spec)
        }

        deinit { try? FileManager.default.removeItem(at: seeds) }

        var spec: URL { seeds.appendingPathComponent("dataset/session_tags.yml") }

        /// Uncomments the one-line rule.
        func addRule() throws {
            let text = try String(contentsOf: spec, encoding: .utf8)
            try text.replacingOccurrences(of: "# owner_team:", with: "owner_team:").write(
                to: spec, atomically: true, encoding: .utf8)
        }

        func migrated(_ backend: Backend) throws -> TestDatabase {
            let database = try TestDatabase(backend)
            let result = try database.run(["migrate", "--migrations", migrations.path])
            #expect(result.status == 0, "\(result.output)")
            return database
        }
    }

    @Test(
        "refused without the rule, seeded after it; digests, verify and 4 parts = 1 run",
        arguments: Backend.allCases)
    func module(backend: Backend) throws {
        let project = try Project()
        let database = try project.migrated(backend)
        let seed = ["seed", "--profile", "fixture", "--seed", "7", "--seeds", project.seeds.path]

        let refused = try database.run(seed)
        #expect(refused.status == 3, "\(refused.output)")
        let declared = backend == .postgres ? "text" : "TEXT"
        #expect(
            refused.stderr
                == "seedctl: error: \(project.spec.path): tech_spec_sessions.owner_team (\(declared) NOT NULL, no DEFAULT) "
                + "has no rule; add one under tables.tech_spec_sessions.columns, e.g. \"owner_team: {pick: [a, b]}\" "
                + "(nothing was written)\n")
        #expect(
            try database.connect().query("SELECT count(*) AS n FROM tech_spec_sessions").first?["n"].int == 0)

        try project.addRule()
        let seeded = try database.run(seed)
        #expect(seeded.status == 0, "\(seeded.output)")
        let verified = try database.run(["verify", "--seeds", project.seeds.path])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.contains("ok   no orphans in tech_session_tags.session_id"))
        #expect(verified.stdout.contains("ok   tech_session_tags.created_at ≥ tech_spec_sessions.created_at"))

        let plain = try TestDatabase.migrated(backend)
        #expect(try plain.run(["seed", "--profile", "fixture", "--seed", "7"]).status == 0)
        #expect(try database.digest() == plain.digest())

        let connection = try database.connect()
        let sessions = try connection.query(
            "SELECT count(*) AS n, count(reviewer_note) AS notes, min(priority) AS low, max(priority) AS high, "
                + "count(DISTINCT owner_team) AS teams FROM tech_spec_sessions"
        ).first
        #expect(sessions?["n"].int ?? 0 > 0)
        #expect(sessions?["notes"].int ?? 0 > 0)
        #expect(sessions?["low"].int == 3 && sessions?["high"].int == 3)
        #expect(sessions?["teams"].int ?? 0 > 1)
        let tags = try connection.query(
            "SELECT count(*) AS n, count(DISTINCT tag) AS kinds, count(DISTINCT session_id) AS parents, "
                + "min(weight) AS low, max(weight) AS high FROM tech_session_tags"
        ).first
        #expect(tags?["n"].int ?? 0 > 10)
        #expect(tags?["kinds"].int ?? 0 > 1)
        #expect(tags?["low"].int ?? 0 >= 1 && tags?["high"].int ?? 9 <= 5)

        let parts = try project.migrated(backend)
        for part in 1...4 {
            let result = try parts.run(seed + ["--part", "\(part)/4"])
            #expect(result.status == 0, "\(result.output)")
        }
        #expect(try parts.digest() == database.digest())
        let added =
            "SELECT id, reviewer_note, priority, owner_team FROM tech_spec_sessions ORDER BY id"
        let children = "SELECT id, session_id, tag, weight, created_at FROM tech_session_tags ORDER BY id"
        for (sql, columns) in [(added, 4), (children, 5)] {
            #expect(try rows(sql, columns, parts) == rows(sql, columns, database), "\(sql)")
        }
        #expect(try parts.run(["verify", "--seeds", project.seeds.path]).status == 0)
        if backend == .postgres {
            let jobs = try parts.run(seed + ["--clear", "--jobs", "2"])
            #expect(jobs.status == 0, "\(jobs.output)")
            #expect(jobs.stdout.contains("on one connection, not on 2: the dataset specs' new tables"))
            #expect(try parts.digest() == database.digest())
            #expect(try rows(children, 5, parts) == rows(children, 5, database))
        }
        let cleared = try parts.run(["clear", "--seeds", project.seeds.path])
        #expect(cleared.status == 0, "\(cleared.output)")
        #expect(try parts.connect().query("SELECT count(*) AS n FROM tech_session_tags").first?["n"].int == 0)
    }

    @Test(
        "spec problems found against the schema: all of them, FILE:LINE:COLUMN, exit 3",
        arguments: Backend.allCases)
    func bindingProblems(backend: Backend) throws {
        let project = try Project()
        try """
        tables:
          tech_spec_sessions:
            columns:
              owner_team: {pick: [platform]}
              status: {pick: [pending]}
          tech_session_tags:
            parent: {fk: session_id}
            rows: {per_parent: 1}
            columns:
              tag: {pick: [api, nope]}
              colour: blue
              created_at: {after: parent.created_at}
        """.write(to: project.spec, atomically: true, encoding: .utf8)
        let database = try project.migrated(backend)
        let result = try database.run(["seed", "--profile", "fixture", "--seeds", project.seeds.path])
        #expect(result.status == 3, "\(result.output)")
        let path = project.spec.path
        #expect(
            result.stderr == """
                seedctl: error: 3 problems in the dataset spec; nothing was written:
                \(path):5:7: tech_spec_sessions.status is written by seedctl's generator; a rule applies to columns a migration added
                \(path):10:7: tech_session_tags.tag: 'nope' is not allowed by its CHECK (api, database, frontend, infra, security, docs)
                \(path):11:7: tech_session_tags has no column 'colour'

                """)
    }

    @Test("--format csv with --database-url follows that database: added columns and new tables")
    func csv() throws {
        let project = try Project()
        try project.addRule()
        let database = try project.migrated(.sqlite)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-csv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let seed = ["seed", "--profile", "fixture", "--seeds", project.seeds.path]
        let exported = try database.run(seed + ["--format", "csv", "--out", out.path])
        #expect(exported.status == 0, "\(exported.output)")
        let tags = try String(
            contentsOf: out.appendingPathComponent("10_tech_session_tags.csv"), encoding: .utf8
        )
        .split(separator: "\n")
        #expect(tags.first == "id,session_id,tag,weight,created_at")
        let sessions = try String(
            contentsOf: out.appendingPathComponent("04_tech_spec_sessions.csv"), encoding: .utf8)
        #expect(
            sessions.hasPrefix(
                "id,design_job_id,project_id,status,current_stage,progress_percentage,created_at,"
                    + "updated_at,completed_at,reviewer_note,owner_team\n"))
        #expect(try database.run(seed).status == 0)
        let count = try database.connect().query("SELECT count(*) AS n FROM tech_session_tags").first?["n"]
            .int
        #expect(count.map { Int($0) } == tags.count - 1)
    }

    @Test("another added column changes no value of the others (keys from column names)")
    func independentColumns() throws {
        let first = try Project()
        try first.addRule()
        let second = try Project()
        try second.addRule()
        for (dialect, sql) in [
            (
                Dialect.postgres,
                "ALTER TABLE tech_spec_sessions ADD COLUMN extra text;\nALTER TABLE tech_session_tags ADD COLUMN note text;\n"
                    + "ALTER TABLE tech_spec_sessions ADD COLUMN reviewed_at timestamptz;\n"
            ),
            (
                .sqlite,
                "ALTER TABLE tech_spec_sessions ADD COLUMN extra TEXT;\nALTER TABLE tech_session_tags ADD COLUMN note TEXT;\n"
                    + "ALTER TABLE tech_spec_sessions ADD COLUMN reviewed_at TEXT "
                    + "CHECK (reviewed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*');\n"
            ),
        ] {
            try second.migrations.write(dialect, module: "session_tags", file: "0002_more.sql", sql)
        }
        // A rule on an added time column, which verify checks.
        let spec = try String(contentsOf: second.spec, encoding: .utf8)
        try spec.replacingOccurrences(
            of: "      owner_team:",
            with: "      reviewed_at: {after: updated_at, within: 3d}\n      owner_team:"
        ).write(to: second.spec, atomically: true, encoding: .utf8)
        let before = try first.migrated(.sqlite)
        let after = try second.migrated(.sqlite)
        for (database, project) in [(before, first), (after, second)] {
            let result = try database.run(["seed", "--profile", "fixture", "--seeds", project.seeds.path])
            #expect(result.status == 0, "\(result.output)")
        }
        let sessions = "SELECT id, reviewer_note, priority, owner_team FROM tech_spec_sessions ORDER BY id"
        let tags = "SELECT id, session_id, tag, weight, created_at FROM tech_session_tags ORDER BY id"
        #expect(try rows(sessions, 4, after) == rows(sessions, 4, before))
        #expect(try rows(tags, 5, after) == rows(tags, 5, before))
        let extra = try after.connect().query("SELECT count(extra) AS n FROM tech_spec_sessions").first?["n"]
            .int
        #expect(extra ?? 0 > 0)
        let verified = try after.run(["verify", "--seeds", second.seeds.path])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(
            verified.stdout.contains("ok   tech_spec_sessions.reviewed_at ≥ tech_spec_sessions.updated_at"))
    }

    @Test("--count names a new table; --scale multiplies its rows")
    func counts() throws {
        let project = try Project()
        try project.addRule()
        let database = try project.migrated(.sqlite)
        let seed = ["seed", "--profile", "fixture", "--seeds", project.seeds.path, "--clear"]
        func tags() throws -> Int64? {
            try database.connect().query("SELECT count(*) AS n FROM tech_session_tags").first?["n"].int
        }
        #expect(try database.run(seed + ["--count", "tech_session_tags=7"]).status == 0)
        #expect(try tags() == 7)
        #expect(try database.run(seed).status == 0)
        let fixture = try #require(try tags())
        #expect(try database.run(seed + ["--scale", "2"]).status == 0)
        #expect(try tags() ?? 0 > fixture)
    }

    @Test(
        "a new child table no spec seeds is refused, naming it and its foreign key",
        arguments: Backend.allCases)
    func unseededChild(backend: Backend) throws {
        let project = try Project()
        try "tables:\n  tech_spec_sessions:\n    columns:\n      owner_team: {pick: [platform]}\n".write(
            to: project.spec, atomically: true, encoding: .utf8)
        let database = try project.migrated(backend)
        let result = try database.run(["seed", "--profile", "fixture", "--seeds", project.seeds.path])
        #expect(result.status == 3, "\(result.output)")
        #expect(
            result.stderr
                == "seedctl: error: \(project.seeds.path)/dataset: tech_session_tags has a foreign key to "
                + "tech_spec_sessions, which seedctl empties and fills, and no spec seeds it; add "
                + "\"tech_session_tags: {parent: {fk: session_id}, rows: {per_parent: 1}}\" under tables: in the spec "
                + "of its migrations module (nothing was written)\n")
    }

    @Test("a spec that does not parse: every problem, exit 3, before any database is opened")
    func parseProblems() throws {
        let project = try Project()
        try "tables:\n  t:\n    columns:\n      a: {int: 9..1}\n      b: {pick: []}\n".write(
            to: project.spec, atomically: true, encoding: .utf8)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-none-\(UUID().uuidString).db")
        let result = try CLI.run(
            ["seed", "--seeds", project.seeds.path, "--database-url", "sqlite:" + file.path],
            in: Repository.root)
        #expect(result.status == 3, "\(result.output)")
        let path = project.spec.path
        #expect(
            result.stderr == """
                seedctl: error: 2 problems in the dataset spec; nothing was written:
                \(path):4:16: t.a: 'int' needs LOW..HIGH with LOW ≤ HIGH (within ±2^53), e.g. 1..100
                \(path):5:17: t.b: 'pick' needs a non-empty list of scalars, e.g. [api, db, ui]

                """)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("schema --compare passes with the module on both dialects")
    func compare() throws {
        let project = try Project()
        let database = try project.migrated(.postgres)
        let result = try database.run(["schema", "--compare", "--migrations", project.migrations.path])
        #expect(result.status == 0, "\(result.output)")
    }

    private func rows(_ sql: String, _ columns: Int, _ database: TestDatabase) throws -> [String] {
        try database.connect().query(sql).map { row in
            (0..<columns).map { row[$0].string ?? row[$0].int.map(String.init) ?? "NULL" }.joined(
                separator: "|")
        }
    }
}
