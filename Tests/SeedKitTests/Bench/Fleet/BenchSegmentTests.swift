import Testing

@testable import SeedKit

struct BenchSegmentTests {
    @Test(arguments: ["1/2", "2/2", "3/7", "1/1"])
    func parsesKOverN(text: String) throws {
        #expect(try #require(BenchSegment(text)).description == text)
    }

    @Test(arguments: ["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "/2", "1/1001"])
    func refusesWhatIsNotKOverN(text: String) {
        #expect(BenchSegment(text) == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 7])
    func sharesAddUpToTheWholeRun(segments: Int) throws {
        var whole = BenchSettings()
        whole.clients = 10
        whole.connections = 7
        whole.rate = 900
        whole.transactions = 1001
        whole.stages = [BenchStage(duration: 5, clients: 9), BenchStage(duration: 5, clients: 10)]
        let shares = try (1...segments).map { try BenchSegment(index: $0, count: segments).share(of: whole) }
        #expect(shares.map(\.clients).reduce(0, +) == 10)
        #expect(abs(shares.compactMap(\.rate).reduce(0, +) - 900) < 1e-9)
        #expect(shares.compactMap(\.transactions).reduce(0, +) == 1001)
        for stage in 0..<2 {
            #expect(shares.map { $0.stages[stage].clients }.reduce(0, +) == whole.stages[stage].clients)
        }
        // Every segment keeps a connection, even when there are fewer connections than segments.
        #expect(shares.allSatisfy { $0.connections >= 1 })
        // The segments' clients are consecutive numbers of the whole run's, none twice.
        let firsts = (1...segments).map { BenchSegment(index: $0, count: segments).firstClient(of: whole) }
        #expect(zip(firsts, shares).map { $0 + $1.clients } == Array(firsts.dropFirst()) + [10])
    }

    @Test func refusesASegmentWithNoClient() {
        var whole = BenchSettings()
        whole.clients = 2
        #expect(throws: ConfigurationError.self) { try BenchSegment(index: 1, count: 3).share(of: whole) }
    }

    @Test func segmentsDrawDisjointParameters() throws {
        let queries = try CatalogParser.parse(
            """
            -- name: one
            -- expect: full scan ok
            -- max_ms: 5
            -- param id: new uuid
            SELECT :id
            """, path: "c.sql")
        let parameters = PreparedParameters(hash: CounterHash(seed: 42), dialect: .sqlite, pools: [:])
        var whole = BenchSettings()
        whole.clients = 5
        let workloads = try (1...2).map { index in
            try Workload(
                queries: queries, dialect: .sqlite, parameters: parameters, seed: 42,
                firstClient: BenchSegment(index: index, count: 2).firstClient(of: whole))
        }
        let shares = try (1...2).map { try BenchSegment(index: $0, count: 2).share(of: whole) }
        let draws = zip(workloads, shares).map { workload, share in
            Set(
                (0..<share.clients).flatMap { client in
                    (0..<500).map {
                        workload.values(of: 0, draw: workload.pick(client: client, iteration: $0).draw)
                    }
                })
        }
        #expect(draws[0].count == shares[0].clients * 500 && draws[1].count == shares[1].clients * 500)
        #expect(draws[0].isDisjoint(with: draws[1]))
        // And the two segments together draw what one whole run's five clients would.
        let single = try Workload(queries: queries, dialect: .sqlite, parameters: parameters, seed: 42)
        let wholeDraws = Set(
            (0..<5).flatMap { client in
                (0..<500).map { single.values(of: 0, draw: single.pick(client: client, iteration: $0).draw) }
            })
        #expect(draws[0].union(draws[1]) == wholeDraws)
    }
}
