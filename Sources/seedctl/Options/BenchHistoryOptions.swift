import ArgumentParser
import Foundation
import SeedKit

/// `bench --history PATH [--label TEXT]`: append the run to a history that `bench history` and
/// `bench trend` read.
struct BenchHistoryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Append the run to this history: a SQLite file, or a database URL (read by 'bench history' "
                + "and 'bench trend').",
            valueName: "path"))
    var history: String?

    @Option(
        help: ArgumentHelp(
            "Name the run in the history (default: the git commit of the working directory).",
            valueName: "text"))
    var label: String?

    func validate() throws {
        if label != nil, history == nil {
            throw ValidationError("'--label' names a run in --history; add --history")
        }
        guard let history else { return }
        do {
            _ = try BenchHistory(location: history)
        } catch let error as ConfigurationError {
            throw ValidationError("'--history \(history)': \(error.description)")
        }
    }

    /// Appends `result` to the history, when there is one.
    func record(_ result: BenchResult) throws {
        guard let history else { return }
        try BenchHistory(location: history).append(result, label: label, commit: Self.gitCommit())
    }

    /// The commit checked out in the working directory (`+dirty` when files changed); nil
    /// outside a git work tree or without git.
    static func gitCommit() -> String? {
        guard let commit = git(["rev-parse", "HEAD"]) else { return nil }
        let dirty = git(["status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return dirty ? commit + "+dirty" : commit
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// `--history PATH` of `bench history` and `bench trend`.
struct BenchHistoryLocation: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The history 'bench --history' appended to: a SQLite file or a database URL.", valueName: "path"))
    var history = "bench-history.db"

    /// The history's runs, oldest first.
    func runs() throws -> [BenchHistoryRun] {
        try BenchHistory(location: history).runs()
    }
}
