import Foundation
import Testing

/// A throwaway PostgreSQL cluster of one test's own (scripts/pg-up.sh with its own state
/// folder), for tests that restart the server and must not disturb the shared one.
final class PrivateCluster {
    /// The admin URL, with its password.
    let url: String
    private let state: URL

    init() throws {
        state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-pgstate-\(UUID().uuidString.prefix(8))")
        try Self.script("pg-up.sh", state: state)
        let env = try String(contentsOf: state.appendingPathComponent("env"), encoding: .utf8)
        url = try #require(
            env.split(separator: "\n").first { $0.hasPrefix("SEEDCTL_TEST_DATABASE_URL=") }.map {
                String($0.dropFirst("SEEDCTL_TEST_DATABASE_URL=".count))
            })
    }

    deinit { try? Self.script("pg-down.sh", state: state) }

    /// A private cluster migrated and seeded with the `fixture` profile through the CLI.
    static func seededFixture() throws -> PrivateCluster {
        let cluster = try PrivateCluster()
        let migrate = try CLI.run(["migrate", "--database-url", cluster.url], in: Repository.root)
        try #require(migrate.status == 0, "\(migrate.stderr)")
        let seed = try CLI.run(
            ["seed", "--profile", "fixture", "--database-url", cluster.url], in: Repository.root)
        try #require(seed.status == 0, "\(seed.stderr)")
        return cluster
    }

    /// The server's processes: the postmaster (first line of `postmaster.pid`) and its children.
    func processes() throws -> [pid_t] {
        let folder = try String(contentsOf: state.appendingPathComponent("dir"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let pidFile = try String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8)
        let postmaster = try #require(pidFile.split(separator: "\n").first.flatMap { pid_t($0) })
        let children = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap {
            entry -> pid_t? in
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == postmaster ? pid : nil
        }
        return [postmaster] + children
    }

    /// Stops (SIGSTOP) or resumes (SIGCONT) every server process: a frozen server keeps its
    /// connections open and answers nothing.
    func signal(_ signal: Int32) throws {
        for pid in try processes() { kill(pid, signal) }
    }

    /// Restarts the server (fast shutdown: every connection is ended).
    func restart() throws { try Self.script("pg-restart.sh", state: state) }

    /// Runs a script of scripts/ with posix_spawn and waitpid: Foundation's `Process` would
    /// wait on a descriptor the server the script leaves running still holds, and never return.
    private static func script(_ name: String, state: URL) throws {
        let path = Repository.root.appendingPathComponent("scripts/\(name)").path
        let environment = ProcessInfo.processInfo.environment.merging(["SEEDCTL_PG_STATE": state.path]) { $1 }
            .map { "\($0.key)=\($0.value)" }
        let arguments = ["/bin/bash", path]
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in Int32(0)...2 {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var pid: pid_t = 0
        try #require(
            posix_spawn(&pid, "/bin/bash", &actions, nil, &argv, &envp) == 0, "cannot run scripts/\(name)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        try #require(status == 0, "scripts/\(name) failed (status \(status))")
    }
}
