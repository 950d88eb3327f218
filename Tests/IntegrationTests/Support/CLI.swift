import Foundation

/// Runs the built `seedctl` binary and captures what it printed and its exit code.
struct CLI {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Both streams, for "never prints X" checks.
        var output: String { stdout + stderr }
    }

    /// The `seedctl` binary beside the test bundle (SwiftPM builds it for this test target).
    static let binary: URL = {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("seedctl"),
            MigrationsFolder.repository.deletingLastPathComponent().appendingPathComponent(
                ".build/debug/seedctl"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }()

    /// Runs `seedctl arguments…` in `directory` with a clean `DATABASE_URL` and waits for it.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:])
        throws -> Result
    {
        try start(arguments, in: directory, environment: environment).finish()
    }

    /// A started `seedctl` process.
    final class Running {
        let process = Process()
        let capture: URL

        init(capture: URL) { self.capture = capture }

        /// Waits for the process and returns what it printed.
        func finish() throws -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: capture) }
            return Result(
                status: process.terminationStatus,
                stdout: String(
                    decoding: try Data(contentsOf: capture.appendingPathComponent("stdout")), as: UTF8.self),
                stderr: String(
                    decoding: try Data(contentsOf: capture.appendingPathComponent("stderr")), as: UTF8.self))
        }
    }

    /// Starts `seedctl arguments…` without waiting, so several can run at once.
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:])
        throws -> Running
    {
        let running = Running(capture: try temporaryDirectory())
        let process = running.process
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        // Files, not pipes: nothing to drain while waiting, whatever the child prints.
        let outURL = running.capture.appendingPathComponent("stdout")
        let errURL = running.capture.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return running
    }

    /// A fresh temporary working directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
