import Foundation
import Testing

@testable import SeedKit

/// The bench's connection pool against a real PostgreSQL: lost connections and many threads.
@Suite("connection pool (PostgreSQL)")
struct ConnectionPoolIntegrationTests {
    @Test func replacesATerminatedBackend() throws {
        let database = try TestDatabase(.postgres)
        let pool = try ConnectionPool(url: try DatabaseURL(database.url), size: 3)
        defer { pool.close() }
        let admin = try database.connect()

        var terminated: Int64?
        let lost = #expect(throws: DatabaseError.self) {
            try pool.withConnection { connection in
                let pid = try #require(
                    try connection.query("SELECT pg_backend_pid() AS pid").first?["pid"].int)
                terminated = pid
                let killed = try admin.query("SELECT pg_terminate_backend($1::int) AS ok", [.integer(pid)])
                #expect(killed.first?["ok"].bool == true)
                // pg_terminate_backend only signals; wait until the backend has gone.
                for _ in 0..<500 {
                    let alive = try admin.query(
                        "SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", [.integer(pid)])
                    if alive.isEmpty { break }
                    Thread.sleep(forTimeInterval: 0.01)
                }
                return try connection.query("SELECT 1")
            }
        }
        #expect(lost?.code.isConnectionLoss == true, "\(String(describing: lost))")
        let oldPID = try #require(terminated)

        var pids: [Int64] = []
        for _ in 0..<6 {
            pids.append(
                try #require(
                    try pool.withConnection {
                        try $0.query("SELECT pg_backend_pid() AS pid").first?["pid"].int
                    }.value))
        }
        #expect(pool.replacements == 1)
        #expect(!pids.contains(oldPID))
        #expect(Set(pids).count == 3)
    }

    @Test func manyThreadsShareAFewConnections() throws {
        let database = try TestDatabase(.postgres)
        let pool = try ConnectionPool(url: try DatabaseURL(database.url), size: 4)
        defer { pool.close() }
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<20 {
            group.enter()
            Thread {
                defer { group.leave() }
                for index in 0..<20 {
                    do {
                        let rows = try pool.withConnection {
                            try $0.query("SELECT $1::int AS n", [.integer(Int64(index))])
                        }.value
                        results.record(rows.first?["n"].int == Int64(index) ? nil : "wrong row \(rows)")
                    } catch {
                        results.record("\(error)")
                    }
                }
            }.start()
        }
        group.wait()
        #expect(results.failures == [])
        #expect(results.count == 400)
        #expect(pool.replacements == 0)
        let connections = try database.connect().query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()")
        #expect(connections.first?["n"].int == 5)  // the pool's 4 and this one
    }
}

/// Outcomes collected from many threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var _count = 0
    private var _failures: [String] = []

    func record(_ failure: String?) {
        lock.withLock {
            _count += 1
            if let failure { _failures.append(failure) }
        }
    }

    var count: Int { lock.withLock { _count } }
    var failures: [String] { lock.withLock { _failures } }
}
