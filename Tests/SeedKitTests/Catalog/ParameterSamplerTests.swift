import Foundation
import Testing

@testable import SeedKit

/// Draws that need no database: `one of` lists and `new uuid`.
struct ParameterSamplerTests {
    static let query = try? CatalogParser.parse(
        """
        -- name: create_turn
        -- write
        -- expect: no table read
        -- max_ms: 20
        -- param id: new uuid
        -- param role: one of user, agent
        -- param other: new uuid
        INSERT INTO t (id, role, other) VALUES (:id, :role, :other)
        """, path: "c.sql"
    ).first

    private func draw(_ seed: UInt64, _ draw: Int) throws -> [SQLValue] {
        let query = try #require(Self.query)
        let parameters = PreparedParameters(hash: CounterHash(seed: seed), dialect: .sqlite, pools: [:])
        return try parameters.values(for: query, order: query.compiled(for: .sqlite).order, draw: draw)
    }

    @Test func aNewUUIDIsALowercaseVersion4UUIDPerDraw() throws {
        let shape = #"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#
        var seen = Set<String>()
        for index in 0..<5_000 {
            let values = try draw(42, index)
            #expect(values.count == 3)
            let id = try #require(values[0].string)
            let other = try #require(values[2].string)
            #expect(id.range(of: shape, options: .regularExpression) != nil, "\(id)")
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            #expect(["user", "agent"].contains(values[1].string ?? ""))
            #expect(seen.insert(id).inserted && seen.insert(other).inserted, "draw \(index) repeats a uuid")
        }
    }

    @Test func newUUIDsAreDeterministicWithTheSeed() throws {
        #expect(try draw(42, 7) == draw(42, 7))
        #expect(try draw(42, 7)[0] != draw(43, 7)[0])
        #expect(try draw(42, 7)[0] != draw(42, 8)[0])
        // A plan resolved once for a hot loop gives the same values.
        let query = try #require(Self.query)
        let order = query.compiled(for: .postgres).order
        let parameters = PreparedParameters(hash: CounterHash(seed: 42), dialect: .postgres, pools: [:])
        #expect(try parameters.plan(for: query, order: order).values(draw: 7) == draw(42, 7))
    }
}
