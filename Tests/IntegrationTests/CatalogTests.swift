import Foundation
import SeedKit
import Testing

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
        for query in queries {
            let (sql, order) = query.compiled(for: backend.dialect)
            #expect(sql.hasPrefix("/* seedctl:\(query.name) */"))
            let values = try sampler.values(for: query, order: order, draw: 0)
            #expect(try again.values(for: query, order: order, draw: 0) == values, "\(query.name) draws differ")
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
}
