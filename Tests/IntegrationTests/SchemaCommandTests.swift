import Foundation
import Testing

@testable import SeedKit

/// `seedctl schema`: the migrated schema read back on both backends, and `--compare`.
@Suite("schema command (CLI)")
struct SchemaCommandTests {
    @Test(
        "today's migrations read back as exactly what the seed generators write", arguments: Backend.allCases)
    func matchesTheGenerators(backend: Backend) throws {
        let database = try TestDatabase.migrated(backend)
        let schema = try SchemaReader.read(try database.connect())
        #expect(schema.tables.count == SeedSchema.tables.count)
        for seeded in SeedSchema.tables {
            let table = try #require(schema.table(seeded.name), "missing \(seeded.name)")
            let written = table.columns.filter { $0.generated == nil }
            #expect(written.map(\.name) == seeded.columns.map(\.name), "\(seeded.name)")
            for (column, generated) in zip(written, seeded.columns) {
                #expect(column.type == Self.logical(generated.type), "\(seeded.name).\(column.name)")
                #expect(column.nullable == generated.nullable, "\(seeded.name).\(column.name)")
            }
            #expect(table.primaryKey == ["id"], "\(seeded.name)")
            if let parent = seeded.parent {
                let key = TableSchema.ForeignKey(
                    columns: [parent.column],
                    table: backend == .sqlite ? Dialect.sqlite.tableName(parent.table) : parent.table,
                    referencedColumns: ["id"])
                #expect(table.foreignKeys == [key], "\(seeded.name)")
            }
        }
        let sessions = try #require(schema.table("tech_spec_sessions"))
        #expect(
            sessions.column("status")?.allowedValues == [
                "pending", "in_progress", "completed", "failed", "paused",
            ])
        #expect(sessions.column("progress_percentage")?.range == 0...100)
        #expect(schema.table("patterns")?.column("wilson_score")?.generated == .expression)
        // Parents come before their children.
        let order = schema.tables.map(\.name)
        let jobs = try #require(
            order.firstIndex(of: backend == .sqlite ? "shared_design_jobs" : "shared.design_jobs"))
        #expect(jobs < (order.firstIndex(of: "tech_spec_sessions") ?? -1))
    }

    @Test("--compare passes on today's migrations and names each table or column the dialects disagree on")
    func compare() throws {
        let database = try TestDatabase.migrated(.postgres)
        let agreed = try database.run(["schema", "--compare", "--migrations", Repository.migrations])
        #expect(agreed.status == 0, "\(agreed.output)")
        #expect(agreed.stdout.contains("ok  9 table(s): the PostgreSQL and SQLite migrations"))

        let folder = try MigrationsFolder()
        try folder.write(
            .postgres, module: "tech_spec", file: "0002_add_priority.sql",
            """
            ALTER TABLE tech_spec_sessions ADD COLUMN priority integer NOT NULL DEFAULT 0;
            CREATE TABLE tech_review_notes (id uuid PRIMARY KEY, body text NOT NULL);
            """)
        try folder.write(
            .sqlite, module: "tech_spec", file: "0002_add_priority.sql",
            "ALTER TABLE tech_spec_sessions ADD COLUMN priority TEXT NOT NULL DEFAULT '0';\n")
        let drifted = try TestDatabase(.postgres)
        #expect(try drifted.run(["migrate", "--migrations", folder.path]).status == 0)
        let result = try drifted.run(["schema", "--compare", "--migrations", folder.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(
            result.stdout.contains(
                "FAIL tech_spec_sessions.priority (module tech_spec): integer (integer) on PostgreSQL, text (TEXT) on SQLite"
            ))
        #expect(
            result.stdout.contains(
                "FAIL table tech_review_notes (module tech_spec): in the PostgreSQL migrations only"))
        #expect(result.stderr.contains("2 difference(s) between the PostgreSQL and SQLite migrations"))

        let sqlite = try TestDatabase.migrated(.sqlite)
        let refused = try sqlite.run(["schema", "--compare"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("'--compare' needs a migrated PostgreSQL database"))
    }

    static let richModule: [Dialect: String] = [
        .postgres: """
        CREATE TYPE review_state AS ENUM ('draft', 'final');
        CREATE TABLE app_parent (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE
        );
        CREATE TABLE app_child (
            parent_id bigint NOT NULL REFERENCES app_parent (id),
            tag varchar(20) NOT NULL,
            state review_state NOT NULL DEFAULT 'draft',
            score numeric(4, 1) CHECK (score BETWEEN 0 AND 10),
            created_at timestamptz NOT NULL DEFAULT now(),
            token uuid DEFAULT gen_random_uuid(),
            total integer GENERATED ALWAYS AS (length(tag)) STORED,
            PRIMARY KEY (parent_id, tag)
        );
        """,
        .sqlite: """
        CREATE TABLE app_parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
        CREATE TABLE app_child (
            parent_id INTEGER NOT NULL REFERENCES app_parent,
            tag TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'final')),
            score NUMERIC CHECK (score BETWEEN 0 AND 10),
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
            token TEXT CHECK (token IS NULL OR token GLOB '????????-????-????-????-????????????'),
            total INTEGER GENERATED ALWAYS AS (length(tag)) STORED,
            PRIMARY KEY (parent_id, tag)
        );
        """,
    ]

    @Test(
        "identity, generated, enum, composite keys, ranges and volatile defaults, as --format json shows them",
        arguments: Backend.allCases)
    func richSchema(backend: Backend) throws {
        let dialect: Dialect = backend == .postgres ? .postgres : .sqlite
        let folder = try ScratchMigrations(dialects: [.postgres, .sqlite], files: [:])
        for (dialect, sql) in Self.richModule {
            try folder.write("\(dialect.rawValue)/app/0001_rich.sql", sql)
        }
        let database = try TestDatabase(backend)
        #expect(try database.run(["migrate", "--migrations", folder.path]).status == 0)
        let result = try database.run(["schema", "--format", "json"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains(#""perRow" : true"#))
        let schema = try JSONDecoder().decode(DatabaseSchema.self, from: Data(result.stdout.utf8))
        #expect(schema.tables.map(\.name) == ["app_parent", "app_child"])
        let parent = try #require(schema.table("app_parent"))
        #expect(
            parent.column("id")?.generated == (dialect == .postgres ? .identityAlways : .identityByDefault))
        #expect(parent.column("id")?.nullable == false)
        #expect(parent.unique == [["code"]])
        let child = try #require(schema.table("app_child"))
        #expect(child.primaryKey == ["parent_id", "tag"])
        #expect(
            child.foreignKeys == [
                .init(columns: ["parent_id"], table: "app_parent", referencedColumns: ["id"])
            ])
        let state = try #require(child.column("state"))
        #expect(state.type == (dialect == .postgres ? .enumeration : .text))
        #expect(state.allowedValues == ["draft", "final"])
        #expect(state.defaultValue == .constant(dialect == .postgres ? "'draft'::review_state" : "'draft'"))
        #expect(child.column("score")?.type == .numeric)
        #expect(child.column("score")?.range == 0...10)
        #expect(child.column("created_at")?.type == .timestamp)
        #expect(child.column("created_at")?.defaultValue?.text.isEmpty == false)
        #expect(
            child.column("created_at")?.defaultValue
                == .volatile(child.column("created_at")?.defaultValue?.text ?? ""))
        #expect(child.column("token")?.type == .uuid)
        #expect(child.column("tag")?.type == .text)
        #expect(child.column("total")?.generated == .expression)
        #expect(child.column("total")?.defaultValue == nil)
        if backend == .postgres {
            let compared = try database.run(["schema", "--compare", "--migrations", folder.path])
            #expect(compared.status == 0, "\(compared.output)")
        }
    }

    private static func logical(_ type: ColumnType) -> LogicalType {
        switch type {
        case .uuid: .uuid
        case .text: .text
        case .integer: .integer
        case .real: .real
        case .boolean: .boolean
        case .timestamp: .timestamp
        case .json: .json
        }
    }
}
