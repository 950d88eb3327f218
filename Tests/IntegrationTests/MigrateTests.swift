import Foundation
import Testing

@testable import SeedKit

/// The migration engine against real SQLite and real PostgreSQL, one body for both.
@Suite("migrate (library)")
struct MigrateTests {
    @Test("applies every module in dependency order, then nothing", arguments: Backend.allCases)
    func appliesInOrderOnce(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        let migrator = Migrator(
            source: try MigrationSource(directory: MigrationsFolder.repository), connection: connection)
        let applied = try migrator.migrate().map(\.module)
        let moduleOrder = applied.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(moduleOrder == ["design", "tech_spec", "patterns"])
        #expect(try migrator.migrate().isEmpty)
        let ledger = try connection.query("SELECT module, version FROM seedctl_migrations")
        #expect(ledger.count == applied.count)
        #expect(try migrator.status().allSatisfy { $0.state == .applied })
    }

    @Test("--to stops after the named migration", arguments: Backend.allCases)
    func stopsAtTarget(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        let migrator = Migrator(
            source: try MigrationSource(directory: MigrationsFolder.repository), connection: connection)
        let applied = try migrator.migrate(.init(target: "design/0001"))
        #expect(applied.map(\.id) == ["design/0001"])
        #expect(try connection.tableExists(connection.dialect.tableName("shared.design_jobs")))
        #expect(try !connection.tableExists("tech_spec_sessions"))
        #expect(throws: MigrationError.self) { try migrator.migrate(.init(target: "design/9999")) }
    }

    @Test("dry run reports the plan and changes nothing", arguments: Backend.allCases)
    func dryRun(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        let source = try MigrationSource(directory: MigrationsFolder.repository)
        let planned = try Migrator(source: source, connection: connection).migrate(.init(dryRun: true))
        #expect(planned.map(\.id) == (try source.plan(for: backend.dialect)).map(\.id))
        #expect(try !connection.tableExists("seedctl_migrations"))
        #expect(try !connection.tableExists("patterns"))
    }

    @Test("an edited applied file is drift: nothing more is applied", arguments: Backend.allCases)
    func driftRefuses(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        let folder = try MigrationsFolder()
        try Migrator(source: try folder.source(), connection: connection).migrate(
            .init(target: "design/0001"))
        try folder.prepend(
            backend.dialect, module: "design", file: "0001_create_shared_schema.sql", "-- edited later\n")
        let migrator = Migrator(source: try folder.source(), connection: connection)
        let error = try #require(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error.kind == .drift)
        #expect(error.description.contains("0001_create_shared_schema.sql"))
        #expect(try !connection.tableExists("tech_spec_sessions"))
        #expect(try migrator.status().first { $0.module == "design" }?.state == .changed)
    }

    @Test(
        "a failing statement names file and line; earlier migrations stay, it leaves nothing",
        arguments: Backend.allCases)
    func failingStatement(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        let folder = try MigrationsFolder()
        let broken = """
            -- creates a table, then fails on line 5
            CREATE TABLE made_before_the_error (id integer);
            CREATE TABLE broken (
                id integer,
                name text NOT NULL,,
            );
            """
        for dialect in Dialect.allCases {
            try folder.write(dialect, module: "patterns", file: "0002_broken.sql", broken)
        }
        let migrator = Migrator(source: try folder.source(), connection: connection)
        let error = try #require(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error.kind == .statementFailed)
        #expect(error.description.contains("0002_broken.sql:5:"))
        #expect(error.underlying?.code == (backend == .postgres ? .syntaxError : .sqlite("ERROR")))
        let statuses = try migrator.status()
        #expect(statuses.filter { $0.state == .applied }.count == statuses.count - 1)
        #expect(statuses.last?.state == .pending)
        #expect(try !connection.tableExists("made_before_the_error"))
        #expect(
            try connection.query("SELECT 1 FROM seedctl_migrations WHERE module = 'patterns' AND version = 2")
                .isEmpty)
    }

    @Test("a no-transaction file runs statement by statement", arguments: Backend.allCases)
    func noTransaction(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let connection = try database.connect()
        let folder = try MigrationsFolder()
        let concurrently = backend == .postgres ? "CONCURRENTLY " : ""
        let sql = """
            -- seedctl:no-transaction
            -- PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block.
            CREATE INDEX \(concurrently)idx_patterns_title ON patterns (title);
            CREATE INDEX \(concurrently)idx_patterns_created ON patterns (created_at);
            """
        for dialect in Dialect.allCases {
            let statement =
                dialect == .postgres ? sql : sql.replacingOccurrences(of: "CONCURRENTLY ", with: "")
            try folder.write(dialect, module: "patterns", file: "0002_title_index.sql", statement)
        }
        let applied = try Migrator(source: try folder.source(), connection: connection).migrate()
        #expect(applied.last?.id == "patterns/0002")
        #expect(applied.last?.runsInTransaction == false)
        let indexQuery =
            backend == .postgres
            ? "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'patterns'"
            : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'patterns'"
        let names = Set(try connection.query(indexQuery).compactMap { $0["name"].string })
        #expect(names.isSuperset(of: ["idx_patterns_title", "idx_patterns_created"]))
    }
}

extension Backend {
    var dialect: Dialect { self == .postgres ? .postgres : .sqlite }
}
