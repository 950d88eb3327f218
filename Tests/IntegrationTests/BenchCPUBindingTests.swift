import Foundation
import Testing

@testable import SeedKit

/// `seedctl bench` on PostgreSQL binds its event loops to CPUs only when there is one per CPU
/// and the connections reach the server itself.
@Suite("bench CPU binding")
struct BenchCPUBindingTests {
    @Test("one loop per allowed CPU: each loop's thread has a CPU of its own; one loop: none bound")
    func loopsBoundOnlyWhenOnePerCPU() throws {
        let database = try TestDatabase.seededFixture(.postgres)
        let allowed = CPUBinding.allowedCPUs()
        let writes = try Catalog(contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
            .queries.filter(\.isWrite).map(\.name)
        for loops in Set([max(1, allowed.count), 1]) {
            let json = BenchJSONFile()
            let (result, bound) = try Self.run(loops: loops, url: database.url, json: json)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("0 error(s)"), "\(result.stdout)")
            // A bound loop polls after every send instead of reading at once: each step of a
            // write (BEGIN, the statement, ROLLBACK) still completes, none is left waiting.
            let figures = try json.result()
            let queries = try #require(figures["queries"] as? [String: [String: Any]])
            let written = writes.map { queries[$0]?["requests"] as? Int ?? 0 }
            #expect(!writes.isEmpty && written.allSatisfy { $0 > 0 }, "\(zip(writes, written))")
            let ends = try #require(figures["transactionEnds"] as? [String: [String: Any]])
            #expect(ends["rollback"]?["requests"] as? Int == written.reduce(0, +), "\(ends)")
            if loops > 1 {
                #expect(bound.count == loops, "\(bound)")
                #expect(Set(bound.values) == Set(allowed.map(String.init)), "\(bound)")
            } else {
                #expect(bound.isEmpty, "\(bound)")
            }
        }
    }

    @Test("through PgBouncer no loop is bound: their peer is the pooler, not the backends")
    func unboundThroughPooler() throws {
        let allowed = CPUBinding.allowedCPUs()
        let database = try TestDatabase.seededFixture(.postgres)
        let name = try #require(URLComponents(string: database.url)).path.dropFirst()
        let pooler = try PgBouncer(poolMode: "session", poolSize: 2 * allowed.count + 1)
        let (result, bound) = try Self.run(
            loops: max(1, allowed.count), url: pooler.url(database: String(name)))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(bound.isEmpty, "\(bound)")
    }

    /// Runs bench with `loops` loops (two clients on two connections each) for 2 s, writing its
    /// figures to `json` when given, and the CPUs of each of its threads seen bound meanwhile,
    /// by thread id.
    private static func run(loops: Int, url: String, json: BenchJSONFile? = nil) throws
        -> (CLI.Result, [String: String])
    {
        let clients = String(2 * loops)
        let running = try CLI.start(
            [
                "bench", "--threads", String(loops), "--clients", clients, "--connections", clients,
                "--warmup", "0s", "--duration", "2s", "--database-url", url,
            ] + (json.map { ["--json", $0.path] } ?? []), in: Repository.root)
        var bound: [String: String] = [:]
        for _ in 0..<30 where running.process.isRunning {
            bound.merge(boundThreads(of: running.process.processIdentifier)) { $1 }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (try running.finish(), bound)
    }

    /// The CPUs (`Cpus_allowed_list`) of each thread of `pid` whose list is not the process's,
    /// by thread id.
    private static func boundThreads(of pid: Int32) -> [String: String] {
        let tasks = "/proc/\(pid)/task"
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        let process = allowedList(in: "/proc/\(pid)/status")
        var bound: [String: String] = [:]
        for thread in threads {
            if let list = allowedList(in: "\(tasks)/\(thread)/status"), list != process {
                bound[thread] = list
            }
        }
        return bound
    }

    private static func allowedList(in statusFile: String) -> String? {
        guard let status = try? String(contentsOfFile: statusFile, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        return line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
    }
}
