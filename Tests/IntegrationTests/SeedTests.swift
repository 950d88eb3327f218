import Foundation
import Testing

@testable import SeedKit

/// `seedctl seed` and `seedctl verify` end to end, on both backends.
@Suite("seed and verify")
struct SeedTests {
    @Test("the fixture has exactly the classic counts and verifies", arguments: Backend.allCases)
    func fixture(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        let seed = try database.run(["seed", "--profile", "fixture", "--seed", "42"])
        #expect(seed.status == 0, "\(seed.stderr)")
        let connection = try database.connect()
        let expected = [
            "shared.design_jobs": 5, "tech_spec_sessions": 10, "tech_research": 30, "tech_conversations": 80,
            "tech_trd_documents": 6, "tech_error_logs": 15, "patterns": 1000,
        ]
        for (table, rows) in expected {
            let count = try connection.query("SELECT count(*) AS n FROM \(backend.dialect.tableName(table))")
                .first?["n"].int
            #expect(count == Int64(rows), "\(table)")
        }
        let verify = try database.run(["verify", "--format", "json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == true)
        #expect((report["digest"] as? String)?.count == 64)
    }

    @Test("the same seed gives the same digest; another seed a different one", arguments: Backend.allCases)
    func determinism(backend: Backend) throws {
        let first = try TestDatabase.migrated(backend)
        let second = try TestDatabase.migrated(backend)
        let other = try TestDatabase.migrated(backend)
        #expect(try first.run(["seed", "--profile", "fixture", "--seed", "42"]).status == 0)
        #expect(try second.run(["seed", "--profile", "fixture", "--seed", "42"]).status == 0)
        #expect(try other.run(["seed", "--profile", "fixture", "--seed", "43"]).status == 0)
        #expect(try first.digest() == second.digest())
        #expect(try first.digest() != other.digest())
    }

    @Test("PostgreSQL and SQLite agree on the digest of one seed")
    func backendsAgree() throws {
        let postgres = try TestDatabase.migrated(.postgres)
        let sqlite = try TestDatabase.migrated(.sqlite)
        #expect(try postgres.run(["seed", "--profile", "fixture", "--seed", "7"]).status == 0)
        #expect(try sqlite.run(["seed", "--profile", "fixture", "--seed", "7"]).status == 0)
        #expect(try postgres.digest() == sqlite.digest())
    }

    @Test("pg_dump --data-only of two seeds with one seed is identical")
    func pgDumpIdentical() throws {
        let dumps = try (0..<2).map { _ -> String in
            let database = try TestDatabase.migrated(.postgres)
            #expect(try database.run(["seed", "--profile", "fixture", "--seed", "42"]).status == 0)
            return try database.dataDump(excluding: "seedctl_migrations")
        }
        #expect(dumps[0].utf8.count > 100_000)
        #expect(dumps[0] == dumps[1])
    }

    @Test("parts 1/4 … 4/4 loaded one after another equal one full run", arguments: Backend.allCases)
    func parts(backend: Backend) throws {
        let whole = try TestDatabase.migrated(backend)
        let pieces = try TestDatabase.migrated(backend)
        #expect(try whole.run(["seed", "--profile", "fixture"]).status == 0)
        for part in 1...4 {
            let result = try pieces.run(["seed", "--profile", "fixture", "--part", "\(part)/4"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try pieces.digest() == whole.digest())
        #expect(try pieces.run(["verify"]).status == 0)
        let again = try pieces.run(["seed", "--profile", "fixture", "--part", "3/4"])
        #expect(again.status == 5)
        #expect(again.stderr.contains("part 3/4 is already loaded"))
    }

    @Test(
        "an unmigrated database is refused with one line naming seedctl migrate", arguments: Backend.allCases)
    func unmigrated(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let result = try database.run(["seed", "--profile", "fixture"])
        #expect(result.status == 5)
        #expect(result.stderr.contains("seedctl migrate"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(
        "seeding non-empty tables without --clear refuses and changes nothing; --clear replaces",
        arguments: Backend.allCases)
    func nonEmpty(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture", "--seed", "43"]).status == 0)
        let before = try database.digest()
        let refused = try database.run(["seed", "--profile", "fixture", "--seed", "42"])
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("--clear"))
        #expect(try database.digest() == before)
        #expect(try database.run(["seed", "--profile", "fixture", "--seed", "42", "--clear"]).status == 0)
        let reference = try TestDatabase.migrated(backend)
        #expect(try reference.run(["seed", "--profile", "fixture", "--seed", "42"]).status == 0)
        #expect(try database.digest() == reference.digest())
        #expect(try database.run(["clear"]).status == 0)
        #expect(try database.connect().query("SELECT count(*) AS n FROM patterns").first?["n"].int == 0)
    }

    @Test("SIGKILL in the middle of seed --clear leaves the previous dataset", arguments: Backend.allCases)
    func killedMidLoad(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let before = try database.digest()
        let running = try CLI.start(
            ["seed", "--clear", "--profile", "default", "--scale", "4", "--database-url", database.url],
            in: Repository.root)
        // Long enough to be inside the load transaction, far from its end (about 10 s of work).
        Thread.sleep(forTimeInterval: 1.5)
        kill(running.process.processIdentifier, SIGKILL)
        let result = try running.finish()
        #expect(result.status == SIGKILL, "the seed finished before it was killed")
        #expect(try database.digest() == before)
        #expect(try database.run(["verify"]).status == 0)
    }

    @Test("--format csv writes one file per table in load order, with the same rows")
    func csv() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(
            ["seed", "--profile", "fixture", "--format", "csv", "--out", directory.path], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            files
                == SeedSchema.tables.enumerated().map {
                    String(format: "%02d_%@.csv", $0.offset + 1, $0.element.name)
                })
        let conversations = try String(
            contentsOf: directory.appendingPathComponent("06_tech_conversations.csv"), encoding: .utf8)
        #expect(conversations.hasPrefix("id,session_id,role,content,metadata,created_at\n"))
        let records = conversations.split(separator: "\n").filter {
            $0.count > 36 && $0.dropFirst(36).hasPrefix(",")
        }
        #expect(records.count == 80)
    }

    @Test("--out under a file is one line naming the file in the way, exit 7, and no stack of raw errors")
    func csvOutUnderAFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data")
        try Data("x".utf8).write(to: file)
        for out in [file.path, file.appendingPathComponent("csv").path] {
            let result = try CLI.run(
                ["seed", "--profile", "fixture", "--format", "csv", "--out", out], in: Repository.root)
            #expect(result.status == 7)
            #expect(
                result.stderr
                    == "seedctl: error: cannot write \(out): \(file.path) is a file, not a folder; "
                    + "free space or choose another --out (nothing was written)\n")
        }
    }

    @Test("--jobs loads the same rows on several PostgreSQL connections; SQLite refuses it")
    func parallelJobs() throws {
        let serial = try TestDatabase.migrated(.postgres)
        let parallel = try TestDatabase.migrated(.postgres)
        #expect(try serial.run(["seed", "--profile", "fixture"]).status == 0)
        let result = try parallel.run(["seed", "--profile", "fixture", "--jobs", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Note:"), "no fallback to one connection on the project's schema")
        #expect(try parallel.digest() == serial.digest())
        #expect(try parallel.run(["verify"]).status == 0)
        let sqlite = try TestDatabase.migrated(.sqlite)
        let refused = try sqlite.run(["seed", "--profile", "fixture", "--jobs", "2"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("'--jobs' needs PostgreSQL"))
    }
}
