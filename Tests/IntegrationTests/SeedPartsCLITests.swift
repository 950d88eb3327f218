import Foundation
import Testing

@testable import SeedKit

/// Issue 13: parts loaded at the same time, `--clear` with `--part`, and rows seedctl never
/// wrote, through the built binary.
@Suite("seed parts and refusals (CLI)")
struct SeedPartsCLITests {
    /// A bigger-than-fixture shape, so a part is still running when it is killed.
    static let shape = ["--profile", "default", "--scale", "0.1"]

    @Test("four parts started at once, three times in a row, equal one full run (digest and pg_dump)")
    func concurrentParts() throws {
        let whole = try TestDatabase.migrated(.postgres)
        #expect(try whole.run(["seed"] + Self.shape).status == 0)
        let wholeDigest = try whole.digest()
        let wholeDump = try pgDump(whole)
        let pieces = try TestDatabase.migrated(.postgres)
        for round in 1...3 {
            if round > 1 { #expect(try pieces.run(["clear"]).status == 0) }
            let running = try (1...4).map { part in
                try CLI.start(
                    ["seed"] + Self.shape + ["--part", "\(part)/4", "--database-url", pieces.url],
                    in: Repository.root)
            }
            for result in try running.map({ try $0.finish() }) {
                #expect(result.status == 0, "round \(round): \(result.stderr)")
            }
            #expect(try pieces.digest() == wholeDigest, "round \(round)")
            #expect(try pgDump(pieces) == wholeDump, "round \(round)")
        }
        #expect(try pieces.run(["verify"]).status == 0)
    }

    @Test("a part killed with SIGKILL while the others load is re-run; together they equal one full run")
    func killedPart() throws {
        let whole = try TestDatabase.migrated(.postgres)
        #expect(try whole.run(["seed"] + Self.shape).status == 0)
        let pieces = try TestDatabase.migrated(.postgres)
        let running = try (1...4).map { part in
            try CLI.start(
                ["seed"] + Self.shape + ["--part", "\(part)/4", "--database-url", pieces.url],
                in: Repository.root)
        }
        try pieces.waitForCopy()
        Thread.sleep(forTimeInterval: 0.2)
        kill(running[1].process.processIdentifier, SIGKILL)
        let results = try running.map { try $0.finish() }
        for (index, result) in results.enumerated() where index != 1 {
            #expect(result.status == 0, "part \(index + 1): \(result.stderr)")
        }
        if running[1].process.terminationReason == .uncaughtSignal {
            let rerun = try pieces.run(["seed"] + Self.shape + ["--part", "2/4"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
        }
        #expect(try pieces.digest() == whole.digest())
        #expect(try pgDump(pieces) == pgDump(whole))
    }

    @Test("four SQLite parts started at once queue on the file lock and equal one full run")
    func concurrentSQLiteParts() throws {
        let whole = try TestDatabase.migrated(.sqlite)
        #expect(try whole.run(["seed", "--profile", "fixture"]).status == 0)
        let pieces = try TestDatabase.migrated(.sqlite)
        let running = try (1...4).map { part in
            try CLI.start(
                ["seed", "--profile", "fixture", "--part", "\(part)/4", "--database-url", pieces.url],
                in: Repository.root)
        }
        for result in try running.map({ try $0.finish() }) {
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try pieces.digest() == whole.digest())
    }

    @Test("the same part started twice at once: one loads it, the other is refused and changes nothing")
    func samePartTwice() throws {
        let database = try TestDatabase.migrated(.postgres)
        let running = try (1...2).map { _ in
            try CLI.start(
                ["seed"] + Self.shape + ["--part", "2/4", "--database-url", database.url], in: Repository.root
            )
        }
        let results = try running.map { try $0.finish() }
        #expect(results.map(\.status).sorted() == [0, 5], "\(results.map(\.stderr))")
        let refusal = results.filter { $0.status == 5 }.map(\.stderr).joined()
        #expect(
            refusal.contains("part 2/4 is being loaded by another process")
                || refusal.contains("part 2/4 is already loaded"), "\(refusal)")
        let record = try #require(try DatasetRecord.load(try database.connect()))
        #expect(record.loaded == [2])
        let alone = try TestDatabase.migrated(.postgres)
        #expect(try alone.run(["seed"] + Self.shape + ["--part", "2/4"]).status == 0)
        #expect(try database.digest() == alone.digest())
    }

    @Test("parts of another --seed, --profile, --scale or N are refused naming what differs, nothing changed")
    func otherDatasetRefused() throws {
        let database = try TestDatabase.migrated(.postgres)
        #expect(
            try database.run(["seed", "--profile", "fixture", "--seed", "42", "--part", "1/4"]).status == 0)
        let before = try database.digest()
        let cases: [([String], String)] = [
            (["--profile", "fixture", "--seed", "43", "--part", "2/4"], "--seed (loaded: 42, this run: 43)"),
            (
                ["--profile", "default", "--seed", "42", "--part", "2/4"],
                "--profile (loaded: fixture, this run: default)"
            ),
            (
                ["--profile", "fixture", "--seed", "42", "--scale", "2", "--part", "2/4"],
                "--scale or --count"
            ),
            (
                ["--profile", "fixture", "--seed", "42", "--part", "2/3"],
                "N of --part (loaded: 4 parts, this run: 2/3)"
            ),
            (["--profile", "fixture", "--seed", "42", "--part", "1/4"], "part 1/4 is already loaded"),
        ]
        for (arguments, reason) in cases {
            let result = try database.run(["seed"] + arguments)
            #expect(result.status == 5, "\(arguments)")
            #expect(result.stderr.contains(reason), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!result.stderr.contains("--clear to"), "never advise wiping the other parts")
            #expect(try database.digest() == before)
        }
        // A whole run over an unfinished parts load is refused too.
        let wholeRun = try database.run(["seed", "--profile", "fixture", "--seed", "42"])
        #expect(wholeRun.status == 5)
        #expect(wholeRun.stderr.contains("missing: 2/4, 3/4, 4/4"), "\(wholeRun.stderr)")
        #expect(try database.digest() == before)
        // clear recreates the keys the first part dropped: a whole run after it verifies.
        #expect(try database.run(["clear"]).status == 0)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        #expect(try database.run(["verify"]).status == 0)
    }

    @Test(
        "seed --clear --part is refused before anything runs, the other parts kept",
        arguments: Backend.allCases)
    func clearWithPart(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        for part in 1...3 {
            #expect(try database.run(["seed", "--profile", "fixture", "--part", "\(part)/3"]).status == 0)
        }
        let before = try database.digest()
        let result = try database.run(["seed", "--profile", "fixture", "--clear", "--part", "2/3"])
        #expect(result.status == 64)
        #expect(
            result.stderr.contains("'--clear' with '--part' would empty the other parts too"),
            "\(result.stderr)")
        #expect(try database.digest() == before)
    }

    @Test(
        "clear and seed --clear refuse rows seedctl never wrote unless --force", arguments: Backend.allCases)
    func foreignRows(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        let connection = try database.connect()
        let jobs = backend.dialect.tableName("shared.design_jobs")
        for id in ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"] {
            try connection.query(
                """
                INSERT INTO \(jobs) (id, project_id, status, title, created_at, updated_at)
                VALUES ($1, $1, 'pending', 'mine', '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z')
                """, [.text(id)])
        }
        let before = try database.digest()
        for arguments in [["clear"], ["seed", "--profile", "fixture", "--clear"], ["setup", "--clear"]] {
            let result = try database.run(arguments)
            #expect(result.status == 5, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\(jobs) (2 rows)"), "\(result.stderr)")
            #expect(result.stderr.contains("--force"))
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(try database.digest() == before)
        }
        let forced = try database.run(["seed", "--profile", "fixture", "--clear", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        // Now seedctl's record says it wrote them: clear needs no --force.
        #expect(try database.run(["clear"]).status == 0)
        #expect(try connection.query("SELECT count(*) AS n FROM \(jobs)").first?["n"].int == 0)
    }

    /// `pg_dump --data-only` of the seeded tables (seedctl's own tables left out), each COPY
    /// block's rows sorted: parts loaded at the same time store their rows in another physical
    /// order, which pg_dump prints as it finds it.
    private func pgDump(_ database: TestDatabase) throws -> [String] {
        let dump = try database.dataDump(excluding: "seedctl_*")
        #expect(dump.utf8.count > 10_000)
        var lines: [String] = []
        var block: [String]?
        for line in dump.split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line == "\\." {
                lines += (block ?? []).sorted() + [String(line)]
                block = nil
            } else if block != nil {
                block?.append(String(line))
            } else {
                lines.append(String(line))
                if line.hasPrefix("COPY ") { block = [] }
            }
        }
        return lines
    }
}
