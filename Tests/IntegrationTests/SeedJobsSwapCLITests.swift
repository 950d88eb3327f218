import Foundation
import Testing

@testable import SeedKit

/// Issue 13, defect 8: `seed --jobs N` loads shadow tables in parallel and swaps them in with one
/// transaction, giving exactly what a one-connection load gives; when a swap would lose
/// something the real tables have, it loads in one transaction instead and says why.
@Suite("seed --jobs: shadow tables swapped in (CLI)")
struct SeedJobsSwapCLITests {
    static let shape = ["seed", "--profile", "default", "--scale", "0.1", "--seed", "7"]

    @Test("--jobs 2 gives the digest, pg_dump --data-only and schema of a one-connection load")
    func sameAsOneConnection() throws {
        let single = try TestDatabase.migrated(.postgres)
        let parallel = try TestDatabase.migrated(.postgres)
        let schemaBefore = try parallel.schemaDump()
        #expect(try single.run(Self.shape).status == 0)
        let result = try parallel.run(Self.shape + ["--jobs", "2", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("loading shadow tables on 2 connections"), "\(result.stdout)")
        #expect(!result.stdout.contains("one transaction on one connection"))
        #expect(try parallel.digest() == single.digest())
        #expect(
            try parallel.dataDump(excluding: "seedctl_migrations")
                == single.dataDump(excluding: "seedctl_migrations"))
        #expect(
            try parallel.schemaDump() == schemaBefore, "keys, indexes, foreign keys and checks as migrated")
        #expect(try parallel.schemaDump() == single.schemaDump())
        #expect(try parallel.shadowSchemas() == [])
        // Over the loaded rows, --clear swaps again and keeps the schema.
        let again = try parallel.run([
            "seed", "--profile", "default", "--scale", "0.1", "--seed", "8", "--jobs", "2", "--clear",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try parallel.digest() != single.digest())
        #expect(try parallel.schemaDump() == schemaBefore)
        #expect(try parallel.run(["verify"]).status == 0)
    }

    @Test("a view, a grant or a trigger on a seeded table: one transaction, said in a note; nothing lost")
    func fallsBackWhenSwapWouldLose() throws {
        let database = try TestDatabase.migrated(.postgres)
        let connection = try database.connect()
        try connection.execute(
            script: """
                CREATE VIEW open_sessions AS SELECT id FROM tech_spec_sessions WHERE status = 'in_progress';
                GRANT SELECT ON patterns TO PUBLIC;
                CREATE FUNCTION keep_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER keep BEFORE INSERT ON tech_research FOR EACH ROW EXECUTE FUNCTION keep_row();
                """)
        let before = try database.schemaDump()
        let result = try database.run(Self.shape + ["--jobs", "2", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("loaded in one transaction on one connection, not on 2"),
            "\(result.stdout)")
        #expect(result.stdout.contains("open_sessions"), "the note names what a swap would lose")
        #expect(try database.schemaDump() == before)
        #expect(try database.run(["verify"]).status == 0)
        #expect(try database.shadowSchemas() == [])
    }

    @Test("seed and clear drop a killed run's shadow schema, and only schemas seedctl marked")
    func leftoversDropped() throws {
        let database = try TestDatabase.migrated(.postgres)
        let connection = try database.connect()
        try connection.execute(
            script: """
                CREATE SCHEMA seedctl_shadow_0badf00d;
                COMMENT ON SCHEMA seedctl_shadow_0badf00d IS '\(ShadowTables.marker)';
                CREATE TABLE seedctl_shadow_0badf00d.patterns (LIKE patterns);
                CREATE SCHEMA seedctl_shadow_users;
                CREATE TABLE seedctl_shadow_users.notes (id int);
                """)
        #expect(try database.run(["clear"]).status == 0)
        #expect(try database.shadowSchemas() == ["seedctl_shadow_users"])
        try connection.execute(
            script: """
                CREATE SCHEMA seedctl_shadow_0badf00e;
                COMMENT ON SCHEMA seedctl_shadow_0badf00e IS '\(ShadowTables.marker)';
                """)
        #expect(try database.run(["seed", "--profile", "fixture"]).status == 0)
        #expect(try database.shadowSchemas() == ["seedctl_shadow_users"])
    }
}
