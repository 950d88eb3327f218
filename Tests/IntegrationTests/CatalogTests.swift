import Foundation
import Testing

@testable import SeedKit

/// The default catalog parses, and every query runs with drawn parameters on both backends.
@Suite("query catalog")
struct CatalogTests {
    static let catalog = Repository.root.appendingPathComponent("Seeds/catalog.sql")

    @Test("every default catalog query runs, with deterministic parameters", arguments: Backend.allCases)
    func runsOnBothBackends(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let connection = try database.connect()
        let queries = try CatalogParser.load(contentsOf: Self.catalog)
        #expect(queries.count >= 16)
        let sampler = ParameterSampler(connection: connection, seed: 42)
        let again = ParameterSampler(connection: try database.connect(), seed: 42)
        // Reads only: writes run in everyWriteChangesRows, inside a transaction.
        for query in queries where !query.isWrite {
            let (sql, order) = query.compiled(for: backend.dialect)
            #expect(sql.hasPrefix("/* seedctl:\(query.name) */"))
            let values = try sampler.values(for: query, order: order, draw: 0)
            #expect(
                try again.values(for: query, order: order, draw: 0) == values, "\(query.name) draws differ")
            do {
                let rows = try connection.query(sql, values)
                if query.parameters.isEmpty || query.name.hasSuffix("_by_id") || query.name == "latest_trd" {
                    #expect(!rows.isEmpty, "\(query.name) returned no rows")
                }
            } catch {
                Issue.record("\(query.name) failed on \(backend): \(error)")
            }
        }
    }

    /// The table each default write changes, and the rows it adds (negative: removes).
    static let writes: [String: (table: String, rows: Int)] = [
        "create_conversation_turn": ("tech_conversations", 1),
        "update_session_progress": ("tech_spec_sessions", 0),
        "record_error": ("tech_error_logs", 1),
        "delete_error_log": ("tech_error_logs", -1),
        "bulk_insert_error_logs": ("tech_error_logs", 1_000),
    ]

    @Test("every default catalog write, committed once, changes rows", arguments: Backend.allCases)
    func everyWriteChangesRows(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        let connection = try database.connect()
        let queries = try CatalogParser.load(contentsOf: Self.catalog).filter(\.isWrite)
        #expect(Set(queries.map(\.name)) == Set(Self.writes.keys))
        let sampler = ParameterSampler(connection: connection, seed: 42)
        for query in queries {
            let effect = try #require(Self.writes[query.name])
            func count() throws -> Int64 {
                try #require(
                    try connection.query("SELECT count(*) AS n FROM \(effect.table)").first?["n"].int)
            }
            let (sql, order) = query.compiled(for: backend.dialect)
            let values = try sampler.values(for: query, order: order, draw: 0)
            let (rows, digest) = (try count(), try database.digest())
            do {
                try connection.transaction { _ = try connection.query(sql, values) }
            } catch {
                Issue.record("\(query.name) failed on \(backend): \(error)")
                continue
            }
            #expect(try count() == rows + Int64(effect.rows), "\(query.name)")
            #expect(try database.digest() != digest, "\(query.name) changed nothing")
            if query.name == "update_session_progress" {
                let id = try #require(order.firstIndex(of: "id").map { values[$0] })
                let stage = try #require(order.firstIndex(of: "stage").map { values[$0] })
                let select = "SELECT current_stage, progress_percentage FROM tech_spec_sessions WHERE id = $1"
                let row = try #require(try connection.query(select, [id]).first)
                #expect(row["current_stage"] == stage)
                #expect((15...85).contains(row["progress_percentage"].int ?? -1))
            }
        }
    }
}
