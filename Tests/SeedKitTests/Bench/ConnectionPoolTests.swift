import Foundation
import Testing

@testable import SeedKit

/// Counts how many threads are inside a pool body at once, and what they saw; thread-safe.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var inside = 0
    private(set) var maxInside = 0
    private(set) var successes = 0
    private(set) var failures: [String] = []
    private(set) var totalWait = 0.0

    func enter() {
        lock.withLock {
            inside += 1
            maxInside = max(maxInside, inside)
        }
    }
    func leave() { lock.withLock { inside -= 1 } }
    func succeeded(wait: Double) {
        lock.withLock {
            successes += 1
            totalWait += wait
        }
    }
    func failed(_ error: any Error) { lock.withLock { failures.append("\(error)") } }
}

/// Runs `body` on `count` threads of their own and waits for all of them.
private func onThreads(_ count: Int, _ body: @escaping @Sendable () -> Void) {
    let group = DispatchGroup()
    for _ in 0..<count {
        group.enter()
        Thread {
            body()
            group.leave()
        }.start()
    }
    group.wait()
}

/// Whether this connection created the temporary table `marker` (temporary tables are per connection).
private func hasMarker(_ connection: any Connection) throws -> Bool {
    try !connection.query("SELECT 1 FROM sqlite_temp_master WHERE name = 'marker'").isEmpty
}

/// Runs `body` with a pool of `size` connections to a fresh SQLite file, closed afterwards.
private func withPool(size: Int, _ body: (ConnectionPool) throws -> Void) throws {
    try withTemporaryDirectory { directory in
        let pool = try ConnectionPool(
            url: try DatabaseURL("sqlite:" + directory.appendingPathComponent("pool.db").path), size: size)
        defer { pool.close() }
        try body(pool)
    }
}

struct ConnectionPoolTests {
    @Test func boundsConcurrencyAndMeasuresWaiting() throws {
        try withPool(size: 2) { pool in
            let tally = Tally()
            onThreads(8) {
                for _ in 0..<50 {
                    do {
                        let (rows, wait) = try pool.withConnection { connection in
                            tally.enter()
                            defer { tally.leave() }
                            Thread.sleep(forTimeInterval: 0.002)
                            return try connection.query("SELECT 1 AS one")
                        }
                        #expect(rows.first?["one"] == .integer(1))
                        tally.succeeded(wait: wait)
                    } catch {
                        tally.failed(error)
                    }
                }
            }
            #expect(tally.failures == [])
            #expect(tally.successes == 400)
            #expect(tally.maxInside == 2)
            #expect(tally.totalWait > 0)
            #expect(pool.replacements == 0)
        }
    }

    @Test func keepsTheConnectionAfterAnOrdinaryError() throws {
        try withPool(size: 1) { pool in
            _ = try pool.withConnection { try $0.execute(script: "CREATE TEMP TABLE marker (x)") }
            #expect(throws: DatabaseError.self) {
                _ = try pool.withConnection { try $0.query("SELECT * FROM no_such_table") }
            }
            struct Oops: Error {}
            #expect(throws: Oops.self) { _ = try pool.withConnection { _ in throw Oops() } }
            #expect(try pool.withConnection { try hasMarker($0) }.value)
            #expect(pool.replacements == 0)
        }
    }

    @Test func replacesALostConnection() throws {
        try withPool(size: 1) { pool in
            _ = try pool.withConnection { try $0.execute(script: "CREATE TEMP TABLE marker (x)") }
            #expect(throws: DatabaseError.self) {
                _ = try pool.withConnection { _ in
                    throw DatabaseError(code: .adminShutdown, message: "terminated")
                }
            }
            #expect(try !pool.withConnection { try hasMarker($0) }.value)
            #expect(pool.replacements == 1)
        }
    }

    @Test func rejectsAnEmptyPoolAndABadURL() throws {
        #expect(throws: ConfigurationError.self) { try ConnectionPool(url: .embeddedDefault, size: 0) }
        #expect(throws: DatabaseError.self) {
            try ConnectionPool(
                url: try DatabaseURL("sqlite:/nonexistent-dir-\(UUID().uuidString)/x.db"), size: 2)
        }
    }

    @Test func closedPoolThrows() throws {
        try withPool(size: 1) { pool in
            pool.close()
            #expect(throws: DatabaseError.self) { try pool.withConnection { _ in 1 } }
        }
    }
}
