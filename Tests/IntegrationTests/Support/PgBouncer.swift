import Foundation
import Testing

/// Debian's `pgbouncer` in front of the test cluster, on a free loopback port, for the test's
/// lifetime. Clients log in without a password (auth_type trust); PgBouncer logs in to the
/// server with the admin URL's user and password.
final class PgBouncer {
    let port: Int
    private let process = Process()
    private let folder: URL

    init(target adminURL: String, poolMode: String, poolSize: Int) throws {
        let target = try #require(URLComponents(string: adminURL))
        let user = target.user ?? "postgres"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seedctl-pgb-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try Self.freePort()
        let password = (target.password ?? "").removingPercentEncoding ?? ""
        let config = """
            [databases]
            * = host=\(target.host ?? "127.0.0.1") port=\(target.port ?? 5432) user=\(user) password=\(password)
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = trust
            auth_file = \(folder.path)/users.txt
            pool_mode = \(poolMode)
            default_pool_size = \(poolSize)
            max_client_conn = 500
            logfile = \(folder.path)/pgbouncer.log
            pidfile = \(folder.path)/pgbouncer.pid
            """
        try config.write(
            to: folder.appendingPathComponent("pgbouncer.ini"), atomically: true, encoding: .utf8)
        try "\"\(user)\" \"\"\n".write(
            to: folder.appendingPathComponent("users.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/pgbouncer")
        // PgBouncer refuses to run as root; -u drops to the postgres user.
        process.arguments =
            (getuid() == 0 ? ["-u", "postgres"] : []) + [folder.appendingPathComponent("pgbouncer.ini").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("pgbouncer did not start listening on port \(port)")
    }

    deinit {
        // SIGTERM asks PgBouncer for a shutdown that can wait; this one holds nothing to keep.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A URL to `database` through the pooler.
    func url(database: String, user: String = "postgres") -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try #require(bind(socket, $0, length) == 0)
                try #require(getsockname(socket, $0, &length) == 0)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
