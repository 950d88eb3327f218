import Foundation
import Testing

@testable import SeedKit

/// A frozen server (every process stopped with SIGSTOP) must not hang seedctl: the client
/// gives it up after `--statement-timeout` plus a grace, with one line (issue 13, defect 13).
@Suite("frozen server")
struct FrozenServerTests {
    @Test("verify waiting on a frozen server ends with one line and exit 2")
    func verifyEnds() throws {
        let cluster = try PrivateCluster.seededFixture()
        let url = cluster.url

        // Hold every seeded table, so verify waits inside the server, then freeze the server.
        let admin = try DatabaseURL(url).connect()
        let tables = try admin.query(
            """
            SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
            WHERE schemaname IN ('public', 'shared') AND tablename NOT LIKE 'seedctl%'
            """
        ).compactMap { $0["name"].string }
        try admin.execute(
            script: "BEGIN; LOCK TABLE \(tables.joined(separator: ", ")) IN ACCESS EXCLUSIVE MODE")
        let running = try CLI.start(
            ["verify", "--statement-timeout", "4s", "--database-url", url], in: Repository.root)
        // A watchdog, so a hang fails the test instead of stalling the suite.
        let watchdog = DispatchWorkItem { running.process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: watchdog)
        defer { watchdog.cancel() }
        // Polled from another connection: the admin's transaction would keep one stats snapshot.
        let observer = try DatabaseURL(url).connect()
        var waiting = false
        for _ in 0..<150 where !waiting {
            waiting =
                try observer.query(
                    "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'seedctl'"
                ).isEmpty == false
            if !waiting { Thread.sleep(forTimeInterval: 0.1) }
        }
        if !waiting {
            running.process.terminate()
            let output = try running.finish().output
            Issue.record("verify never reached the locked tables: \(output)")
            return
        }
        try cluster.signal(SIGSTOP)
        let result = try running.finish()
        try cluster.signal(SIGCONT)
        try admin.execute(script: "ROLLBACK")

        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.hasPrefix("seedctl: error: the server at postgres://"), "\(result.stderr)")
        #expect(result.stderr.contains("did not answer within 9 s"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
