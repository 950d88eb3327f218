import Foundation
import Testing

/// Debian's `pgbouncer` in front of the test cluster, on a free loopback port, in the pool mode
/// a test asks for; stopped when the test is done.
final class PgBouncer {
    let port: Int
    private let process = Process()
    private let directory: URL
    private let admin: URLComponents

    init(poolMode: String = "transaction", poolSize: Int = 8) throws {
        admin = try #require(URLComponents(string: try Backend.postgresAdminURL()))
        let binary = try #require(
            ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "pgbouncer is not installed: run scripts/deps.sh")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-pgbouncer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        let user = admin.user ?? "postgres"
        let password = admin.password.map { " password=\($0)" } ?? ""
        let config = """
            [databases]
            * = host=\(admin.host ?? "127.0.0.1") port=\(admin.port ?? 5432) user=\(user)\(password)
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = trust
            auth_file = \(directory.path)/users.txt
            pool_mode = \(poolMode)
            default_pool_size = \(poolSize)
            max_client_conn = 200
            ignore_startup_parameters = extra_float_digits,options
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("pgbouncer.ini"))
        try Data("\"\(user)\" \"\"\n".utf8).write(to: directory.appendingPathComponent("users.txt"))
        // PgBouncer refuses to run as root; it then needs -u and files that user can read.
        let asRoot = geteuid() == 0
        if asRoot {
            for item in [
                directory.path, directory.appendingPathComponent("pgbouncer.ini").path,
                directory.appendingPathComponent("users.txt").path,
            ] {
                chmod(item, item == directory.path ? 0o755 : 0o644)
            }
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            (asRoot ? ["-u", "nobody"] : []) + [directory.appendingPathComponent("pgbouncer.ini").path]
        let log = directory.appendingPathComponent("pgbouncer.log")
        try Data().write(to: log)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit {
        // SIGKILL: the child inherits the test runner's blocked signals, so SIGTERM would
        // stay pending forever; PgBouncer keeps no state worth a clean shutdown.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A URL to the database named `database` through the pooler.
    func url(database: String, user: String = "postgres") -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// The URL of `database` (a TestDatabase URL) through the pooler.
    func url(for databaseURL: String) throws -> String {
        let database = try #require(URLComponents(string: databaseURL)).path
        return "postgres://\(admin.user ?? "postgres")@127.0.0.1:\(port)\(database)"
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = Self.loopback(port: port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if connected == 0 { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log =
            (try? String(contentsOf: directory.appendingPathComponent("pgbouncer.log"), encoding: .utf8))
            ?? ""
        Issue.record("pgbouncer did not start: \(log)")
        throw CancellationError()
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A loopback port nobody listens on now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0, "cannot bind a loopback port")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
