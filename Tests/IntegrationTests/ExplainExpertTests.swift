import Foundation
import SeedKit
import Testing

/// The expert catalog (Fixtures/explain/expert.sql) on the default profile: every query gets the
/// verdict a PostgreSQL or SQLite engineer would sign, for parameter seeds 1 to 10.
@Suite("explain: expert verdicts")
struct ExplainExpertTests {
    /// The expected verdict of each expert-catalog query on PostgreSQL and on SQLite, and words
    /// its message must hold on a backend where it does not pass.
    struct Expected {
        var postgres: PlanVerdict.Kind
        var sqlite: PlanVerdict.Kind
        var says: [String] = []
    }

    static let expected: [String: Expected] = [
        // 1. Every node that reads a table is judged.
        "join_like_big_side_full": Expected(
            postgres: .fail, sqlite: .pass, says: ["Seq Scan on tech_conversations (100,000 rows)"]),
        "join_any_index_big_side_full": Expected(
            postgres: .fail, sqlite: .fail, says: ["reads the whole table"]),
        "join_all_sessions_read": Expected(postgres: .fail, sqlite: .fail, says: ["reads the whole"]),
        "automatic_index_big_table": Expected(
            postgres: .fail, sqlite: .fail, says: ["tech_conversations", "(100,000 rows)"]),
        // 2. The order-only exception: ORDER BY … LIMIT with no filter, about the limit's rows read.
        "group_by_whole_index": Expected(postgres: .fail, sqlite: .fail, says: ["reads the whole index"]),
        "anti_join_full_reads": Expected(postgres: .fail, sqlite: .fail, says: ["reads the whole"]),
        "order_only_limit": Expected(postgres: .pass, sqlite: .pass),
        "order_only_large_offset": Expected(postgres: .fail, sqlite: .fail, says: ["reads the whole index"]),
        "order_only_with_filter": Expected(
            postgres: .fail, sqlite: .fail, says: ["idx_conversation_session_timestamp"]),
        // 3. Every 'one of' value and several sampled draws are judged; the failing value is named.
        "status_one_of_values": Expected(postgres: .fail, sqlite: .pass, says: ["with status=completed"]),
        "conversations_of_sampled_session": Expected(postgres: .pass, sqlite: .pass),
        // 4. "small table" only when no other index serves and every full read is small.
        "other_index_plus_small_scan": Expected(
            postgres: .fail, sqlite: .pass,
            says: ["expected index idx_trd_session_version, used idx_session_status_created"]),
        // 5. A condition on the second column of a composite index is not index use.
        "second_column_range": Expected(postgres: .fail, sqlite: .fail, says: ["with since="]),
        // 6. A partial index's predicate serves its condition.
        "partial_index_with_filter": Expected(postgres: .pass, sqlite: .pass),
        "partial_index_count": Expected(postgres: .pass, sqlite: .pass),
        // 7. Partition indexes of the expected parent index; partitions get row counts.
        "partition_index_lookup": Expected(postgres: .pass, sqlite: .pass),
        "partition_full_read": Expected(
            postgres: .fail, sqlite: .fail, says: ["conversation_archive", " rows)"]),
        // 8. SQLite's WHERE comes from the tokenizer, not a regex over the text.
        "where_in_correlated_subquery": Expected(postgres: .pass, sqlite: .pass),
        "where_in_string_literal": Expected(postgres: .pass, sqlite: .pass),
        // Right before and after.
        "bitmap_heap_scan": Expected(postgres: .pass, sqlite: .pass),
        "bitmap_or": Expected(postgres: .pass, sqlite: .pass),
        "index_only_with_condition": Expected(postgres: .pass, sqlite: .pass),
        "parameterized_nested_loop": Expected(postgres: .pass, sqlite: .pass),
        "memoize_lookup": Expected(postgres: .pass, sqlite: .pass),
        "cte_over_index": Expected(postgres: .pass, sqlite: .pass),
        "subplan_lookups": Expected(postgres: .pass, sqlite: .pass),
        "init_plan_max": Expected(postgres: .pass, sqlite: .pass),
        "prefix_like_pattern_ops": Expected(postgres: .pass, sqlite: .pass),
        "partial_index_predicate": Expected(postgres: .pass, sqlite: .pass),
        "full_scan_ok_parallel": Expected(postgres: .pass, sqlite: .pass),
        // The catalog allows a full read per table ('-- full scan: TABLE').
        "full_read_allowed_for_table": Expected(postgres: .pass, sqlite: .pass),
        "full_read_not_allowed": Expected(
            postgres: .fail, sqlite: .pass, says: ["Seq Scan on tech_research (30,000 rows)"]),
        "update_every_stage": Expected(postgres: .pass, sqlite: .pass),
    ]

    /// What the judged plan must show, so each query is the shape it stands for.
    static let postgresShapes: [String: String] = [
        "bitmap_heap_scan": "Bitmap Heap Scan", "bitmap_or": "BitmapOr",
        "index_only_with_condition": "Index Only Scan", "parameterized_nested_loop": "Nested Loop",
        "memoize_lookup": "Memoize", "cte_over_index": "CTE Scan", "subplan_lookups": "SubPlan",
        "init_plan_max": "InitPlan", "prefix_like_pattern_ops": "~>=~",
        "full_scan_ok_parallel": "Parallel Seq Scan", "anti_join_full_reads": "Anti Join",
        "partition_index_lookup": "conversation_archive_2025q", "join_any_index_big_side_full": "Seq Scan",
    ]
    static let sqliteShapes: [String: String] = [
        "bitmap_or": "MULTI-INDEX OR", "cte_over_index": "MATERIALIZE recent",
        "subplan_lookups": "CORRELATED SCALAR SUBQUERY", "init_plan_max": "SCALAR SUBQUERY",
        "automatic_index_big_table": "AUTOMATIC",
        "where_in_correlated_subquery": "CORRELATED SCALAR SUBQUERY",
        "join_any_index_big_side_full": "SCAN s",
    ]

    static let fixtures = Repository.root.appendingPathComponent("Tests/IntegrationTests/Fixtures/explain")

    /// A database seeded with the default profile, plus the expert catalog's own objects.
    static func expertDatabase(_ backend: Backend) throws -> TestDatabase {
        let database = try TestDatabase.migrated(backend)
        let seeded = try database.run(["seed", "--profile", "default"])
        try #require(seeded.status == 0, "\(seeded.stderr)")
        let setup = fixtures.appendingPathComponent("setup.\(backend.rawValue).sql")
        try database.connect().execute(script: String(decoding: try Data(contentsOf: setup), as: UTF8.self))
        return database
    }

    @Test(
        "every expert-catalog verdict matches, and the default catalog passes, for seeds 1 to 10",
        arguments: Backend.allCases)
    func verdicts(backend: Backend) throws {
        let database = try Self.expertDatabase(backend)
        let catalog = try CatalogParser.load(contentsOf: Self.fixtures.appendingPathComponent("expert.sql"))
        #expect(catalog.count >= 30)
        #expect(Set(catalog.map(\.name)) == Set(Self.expected.keys), "every query has its expert verdict")
        let connection = try database.connect()
        let defaultCatalog = try CatalogParser.load(
            contentsOf: Repository.root.appendingPathComponent("Seeds/catalog.sql"))
        for seed in UInt64(1)...10 {
            var options = Explainer.Options()
            options.seed = seed
            options.runs = 1
            options.warmup = 0
            options.analyze = seed == 1
            let report = try Explainer(connection: connection, options: options).run(catalog)
            for query in report.queries {
                let expected = try #require(Self.expected[query.name])
                let verdict = backend == .postgres ? expected.postgres : expected.sqlite
                #expect(query.verdict == verdict, "seed \(seed), \(backend): \(query.name): \(query.message)")
                let shape = (backend == .postgres ? Self.postgresShapes : Self.sqliteShapes)[query.name]
                if let shape {
                    #expect(
                        query.plan.contains(shape),
                        "seed \(seed): \(query.name) is not a \(shape) plan:\n\(query.plan)")
                }
                if query.verdict != .pass {
                    for words in expected.says {
                        #expect(query.message.contains(words), "\(query.name): \(query.message)")
                    }
                }
            }
            // Every 'one of' value is judged; sampled parameters get five draws.
            let drawn = Dictionary(uniqueKeysWithValues: report.queries.map { ($0.name, $0.planDraws) })
            #expect(drawn["status_one_of_values"] == 2 && drawn["update_every_stage"] == 5)
            #expect(drawn["order_only_limit"] == 1)
        }
        // The default catalog passes whatever the draws. Its writes roll back but leave dead rows
        // that shift PostgreSQL's estimates, so it runs after the expert catalog.
        for seed in UInt64(1)...10 {
            var options = Explainer.Options()
            options.seed = seed
            options.runs = 1
            options.warmup = 0
            let defaults = try Explainer(connection: connection, options: options).run(defaultCatalog)
            for query in defaults.queries {
                #expect(query.verdict == .pass, "seed \(seed), \(backend): \(query.name): \(query.message)")
            }
        }
    }
}
