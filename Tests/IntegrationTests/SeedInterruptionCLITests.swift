import Foundation
import Testing

@testable import SeedKit

/// Issue 13: `seed --jobs N --clear` interrupted at any moment keeps the previous rows, and CSV
/// output that cannot be written names the path and the cause, exits 7 and leaves no partial file.
@Suite("seed interruptions and CSV output errors (CLI)")
struct SeedInterruptionCLITests {
    @Test(
        "seed --jobs 2 --clear interrupted by SIGINT, SIGTERM or SIGKILL keeps the previous data",
        arguments: [SIGINT, SIGTERM, SIGKILL])
    func interruptedJobs(signal: Int32) throws {
        let database = try TestDatabase.migrated(.postgres)
        let shape = ["--profile", "default", "--scale", "0.2"]
        #expect(try database.run(["seed"] + shape + ["--seed", "42"]).status == 0)
        var before = try database.digest()
        var interrupted = 0
        for delay in [0, 0.3, 0.8] {
            let running = try Self.startWithSignals(
                ["seed"] + shape + ["--seed", "43", "--jobs", "2", "--clear", "--database-url", database.url])
            // Mid-load: once a COPY runs, then a little later.
            try database.waitForCopy()
            Thread.sleep(forTimeInterval: delay)
            kill(running.processIdentifier, signal)
            running.waitUntilExit()
            guard running.terminationReason == .uncaughtSignal else {
                // Finished before the signal: then it replaced the data, whole.
                #expect(running.terminationStatus == 0)
                before = try database.digest()
                continue
            }
            interrupted += 1
            let now = try database.digest()
            if now != before, try DatasetRecord.load(try database.connect())?.seed == 43 {
                // Killed after the swap committed, before the process exited: the new data, whole.
                #expect(try database.run(["verify"]).status == 0, "signal \(signal) after \(delay) s")
                before = now
                continue
            }
            #expect(now == before, "signal \(signal) after \(delay) s")
        }
        #expect(interrupted > 0)
    }

    /// Starts `seedctl arguments…` with an empty signal mask. The test's threads block SIGINT and
    /// SIGTERM and a spawned child inherits the mask (a shell's child does not), so without this
    /// those signals would wait until the run ends.
    static func startWithSignals(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        process.arguments =
            [
                "-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new); exec @ARGV or die",
                CLI.binary.path,
            ]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        process.environment = environment
        process.currentDirectoryURL = Repository.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test(
        "seed --jobs 2 into empty tables, interrupted at several moments, leaves them empty and no record; the next run drops the shadow tables",
        arguments: [SIGKILL, SIGINT])
    func interruptedJobsIntoEmptyTables(signal: Int32) throws {
        let database = try TestDatabase.migrated(.postgres)
        let shape = ["--profile", "default", "--scale", "0.2"]
        let empty = try database.digest()
        var interrupted = 0
        for delay in [0, 0.4, 1.0, 1.8] {
            let running = try Self.startWithSignals(
                ["seed"] + shape + ["--jobs", "2", "--database-url", database.url])
            try database.waitForCopy()
            Thread.sleep(forTimeInterval: delay)
            kill(running.processIdentifier, signal)
            running.waitUntilExit()
            guard running.terminationReason == .uncaughtSignal else {
                // Finished before the signal: a whole dataset; start the next round empty.
                #expect(running.terminationStatus == 0)
                #expect(try database.run(["clear"]).status == 0)
                continue
            }
            if try database.datasetRecords() == 1 {
                // Killed after the swap committed, before the process exited: a whole dataset.
                #expect(try database.run(["verify"]).status == 0, "signal \(signal) after \(delay) s")
                #expect(try database.run(["clear"]).status == 0)
                continue
            }
            interrupted += 1
            #expect(try database.digest() == empty, "signal \(signal) after \(delay) s")
            #expect(try database.seededRows() == 0)
        }
        #expect(interrupted > 0)
        // A kill leaves the shadow schema; it never counts as data, and the next run drops it.
        let again = try database.run(["seed"] + shape + ["--jobs", "2"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try database.shadowSchemas() == [])
        #expect(try database.run(["verify"]).status == 0)
    }

    @Test("a CSV file that outgrows the space is one line naming it and the cause, exit 7, no partial file")
    func csvOutOfSpace() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A new --out folder, and an existing one holding an older export.
        let fresh = directory.appendingPathComponent("fresh")
        let existing = directory.appendingPathComponent("existing")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: false)
        let older = existing.appendingPathComponent("07_tech_trd_documents.csv")
        try Data("older export\n".utf8).write(to: older)
        for out in [fresh, existing] {
            // RLIMIT_FSIZE with SIGXFSZ ignored: write(2) fails with EFBIG past 64 kB, as a full disk
            // fails with ENOSPC, at a moment only the kernel chooses.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [
                "-c", "trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\"", CLI.binary.path,
                "seed", "--profile", "fixture", "--format", "csv", "--out", out.path,
            ]
            process.currentDirectoryURL = Repository.root
            let stderr = Pipe()
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 7, "\(message)")
            #expect(message.hasPrefix("seedctl: error: cannot write \(out.path)/"), "\(message)")
            #expect(message.contains("File too large"), "\(message)")
            #expect(message.split(separator: "\n").count == 1)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == ["existing"], "no new folder, no staging folder left")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: existing.path) == [older.lastPathComponent])
        #expect(try String(contentsOf: older, encoding: .utf8) == "older export\n")
    }

    @Test("an --out folder that already exists gets the new files, and nothing else is left")
    func csvIntoExistingFolder() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("keep\n".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        let result = try CLI.run(
            ["seed", "--profile", "fixture", "--format", "csv", "--out", directory.path], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count == 10)
        #expect(files.contains("notes.txt"))
        #expect(!files.contains { $0.hasPrefix(".seedctl-partial") })
    }
}

extension TestDatabase {
    /// Rows in all seeded tables of this PostgreSQL database.
    func seededRows() throws -> Int64 {
        let connection = try connect()
        return try SeedSchema.tables.reduce(0) { total, table in
            total
                + (try connection.query("SELECT count(*) AS n FROM \(table.physicalName(.postgres))").first?[
                    "n"
                ].int ?? 0)
        }
    }

    /// Rows in `seedctl_dataset` (0 when the table does not exist).
    func datasetRecords() throws -> Int64 {
        let connection = try connect()
        guard try connection.tableExists("seedctl_dataset") else { return 0 }
        return try connection.query("SELECT count(*) AS n FROM seedctl_dataset").first?["n"].int ?? 0
    }

    /// The `seed --jobs` shadow schemas left in this PostgreSQL database.
    func shadowSchemas() throws -> [String] {
        try connect().query(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'seedctl_shadow%' ORDER BY 1"
        )
        .compactMap { $0["nspname"].string }
    }

    /// Waits (up to 60 s) until a COPY runs in this PostgreSQL database: a seed is mid-load.
    func waitForCopy() throws {
        let monitor = try connect()
        for _ in 0..<3000 {
            let copying = try monitor.query(
                """
                SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY %'
                """
            ).first?["n"].int
            if let copying, copying > 0 { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("no COPY started within 60 s")
    }
}
