import Foundation
import Testing

@testable import SeedKit

/// Seeding PostgreSQL with binary COPY (`PostgresCopyBinaryBackend`) stores exactly what COPY
/// text stores, and a table whose column a migration changed to a type binary COPY does not
/// encode falls back to COPY text.
@Suite("binary COPY")
struct BinaryCopyTests {
    @Test(
        "binary and text COPY give the same digest and the same pg_dump", arguments: ["fixture", "default"])
    func sameData(profile: String) throws {
        let context = try Self.context(profile: profile)
        let binary = try TestDatabase.migrated(.postgres)
        let text = try TestDatabase.migrated(.postgres)
        _ = try Seeder(context: context).load(into: try binary.connect())
        guard case .postgres(let postgres) = try text.connect().backend else {
            Issue.record("not PostgreSQL")
            return
        }
        _ = try SeedLoader(
            backend: PostgresCopyTextBackend(connection: postgres), context: context, options: .init()
        )
        .load { _ in }
        #expect(try binary.digest() == text.digest())
        let binaryDump = try Self.dataDump(binary)
        #expect(binaryDump.contains("COPY public.tech_spec_sessions"))
        let textDump = try Self.dataDump(text)
        #expect(binaryDump == textDump)
    }

    @Test("a seeded column turned into an enum loads its table with COPY text, said once")
    func enumFallsBackToText() throws {
        let folder = try MigrationsFolder()
        try folder.write(
            .postgres, module: "tech_spec", file: "0002_session_status_enum.sql",
            """
            CREATE TYPE tech_spec_session_status AS ENUM ('pending', 'in_progress', 'completed', 'failed', 'paused');
            ALTER TABLE tech_spec_sessions DROP CONSTRAINT tech_spec_sessions_status_check;
            ALTER TABLE tech_spec_sessions ALTER COLUMN status DROP DEFAULT;
            ALTER TABLE tech_spec_sessions
                ALTER COLUMN status TYPE tech_spec_session_status USING status::tech_spec_session_status;
            ALTER TABLE tech_spec_sessions ALTER COLUMN status SET DEFAULT 'pending';
            """)
        try folder.write(.sqlite, module: "tech_spec", file: "0002_session_status_enum.sql", "SELECT 1;\n")
        let database = try TestDatabase(.postgres)
        try Migrator(source: try folder.source(), connection: try database.connect()).migrate()
        let type = try database.connect().query(
            "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute "
                + "WHERE attrelid = 'tech_spec_sessions'::regclass AND attname = 'status'")
        #expect(type.first?["t"].string == "tech_spec_session_status")

        let seed = try database.run(["seed", "--profile", "fixture", "--seed", "42"])
        #expect(seed.status == 0, "\(seed.stderr)")
        let note =
            "Note: tech_spec_sessions loaded with COPY text, not binary (status is tech_spec_session_status)."
        #expect(seed.stdout.components(separatedBy: note).count == 2, "\(seed.stdout)")
        #expect(seed.stdout.components(separatedBy: "Note:").count == 2, "\(seed.stdout)")
        #expect(try database.digest() == SeedLoadEventTests.fixtureDigest)
        let json = try database.run([
            "seed", "--profile", "fixture", "--seed", "42", "--clear", "--format", "json",
        ])
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(
            summary["notes"] as? [String] == [
                "tech_spec_sessions loaded with COPY text, not binary (status is tech_spec_session_status)"
            ])
    }

    @Test("an unchanged schema loads every table with binary COPY, says nothing, and times its phases")
    func noNotes() throws {
        let database = try TestDatabase.migrated(.postgres)
        let seed = try database.run(["seed", "--profile", "fixture", "--seed", "42", "--format", "json"])
        #expect(seed.status == 0, "\(seed.stderr)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(seed.stdout.utf8)) as? [String: Any])
        #expect(summary["notes"] as? [String] == [])
        let phases = try #require(summary["phases"] as? [[String: Any]])
        #expect(
            phases.compactMap { $0["phase"] as? String } == [
                "preparing", "loading tables", "building indexes and foreign keys", "analyzing", "committing",
            ])
        #expect(phases.allSatisfy { $0["seconds"] is Double })
        let tables = try #require(summary["tables"] as? [[String: Any]])
        #expect(tables.count == 9)
        #expect(tables.allSatisfy { $0["generatorWaitSeconds"] is Double })
    }

    static func context(profile: String) throws -> GeneratorContext {
        let folder = URL(fileURLWithPath: Repository.seeds)
        let profiles = try ProfileCatalog(contentsOf: folder.appendingPathComponent("profiles.yml"))
        return GeneratorContext(
            plan: try DatasetPlan(profile: try profiles.profile(named: profile), seed: 42),
            vocabulary: try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml")))
    }

    /// `pg_dump --data-only` of the seeded tables and `seedctl_dataset` (not the migration ledger,
    /// whose times differ).
    static func dataDump(_ database: TestDatabase) throws -> String {
        try database.dataDump(excluding: "seedctl_migrations")
    }
}
