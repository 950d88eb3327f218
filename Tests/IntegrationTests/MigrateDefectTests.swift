import Foundation
import SeedKit
import Testing

/// One test per defect of issue 11, on real SQLite and real PostgreSQL.
@Suite("migrate defects (issue 11)")
struct MigrateDefectTests {
    private func migrator(_ folder: ScratchMigrations, _ connection: any Connection) throws -> Migrator {
        Migrator(source: try folder.source(), connection: connection)
    }

    // MARK: 1. SQLite foreign keys during a table rebuild

    static let parentAndChild = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE cars (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id) ON DELETE SET NULL);
        INSERT INTO users VALUES (1, 'ada'), (2, 'bob');
        INSERT INTO cars VALUES (10, 1), (11, 2), (12, 2);
        """

    @Test("1: a 12-step rebuild keeps the child rows' references (SQLite)")
    func sqliteRebuildKeepsChildRows() throws {
        let database = try TestDatabase(.sqlite)
        let folder = try ScratchMigrations(
            dialects: [.sqlite],
            files: [
                "0001_users.sql": Self.parentAndChild,
                "0002_rebuild.sql": """
                PRAGMA foreign_keys=off;
                CREATE TABLE new_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
                INSERT INTO new_users (id, name) SELECT id, name FROM users;
                DROP TABLE users;
                ALTER TABLE new_users RENAME TO users;
                PRAGMA foreign_keys=on;
                """,
            ])
        let connection = try database.connect()
        try migrator(folder, connection).migrate()
        let owners = try connection.query("SELECT user_id FROM cars ORDER BY id").map { $0["user_id"].int }
        #expect(owners == [1, 2, 2])
        #expect(try connection.query("PRAGMA foreign_keys").first?.values.first?.int == 1)
    }

    @Test("1: a migration leaving dangling references is rolled back, naming the table (SQLite)")
    func sqliteForeignKeyCheckRollsBack() throws {
        let database = try TestDatabase(.sqlite)
        let folder = try ScratchMigrations(
            dialects: [.sqlite],
            files: [
                "0001_users.sql": Self.parentAndChild,
                "0002_drop_users.sql":
                    "DROP TABLE users;\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n",
            ])
        let connection = try database.connect()
        let migrator = try migrator(folder, connection)
        let error = try #require(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error.description.contains("0002_drop_users.sql"))
        #expect(error.description.contains("cars rowid 10"))
        #expect(try connection.query("SELECT count(*) AS n FROM users").first?["n"].int == 2)
        #expect(try migrator.status().map(\.state) == [.applied, .pending])
    }

    // MARK: 2. 64-bit versions

    @Test("2: timestamp versions apply and show as written", arguments: Backend.allCases)
    func timestampVersions(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0_init.sql": "CREATE TABLE zero (a int);",
                "20230117143902_add_x.sql": "CREATE TABLE x (a int);",
            ])
        let connection = try database.connect()
        let migrator = try migrator(folder, connection)
        #expect(try migrator.migrate().map(\.id) == ["app/0", "app/20230117143902"])
        #expect(try migrator.status().map(\.id) == ["app/0", "app/20230117143902"])
        let versions = try connection.query("SELECT version FROM seedctl_migrations ORDER BY version").map {
            $0["version"].int
        }
        #expect(versions == [0, 20_230_117_143_902])
        let created = try MigrationScaffold.create(module: "app", name: "next", in: try folder.source())
        let name = try #require(created.first.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(name.count == "20230117143902_next.sql".count && name > "20230117143902")
    }

    @Test(
        "2: a 0.1.0 ledger (integer versions, checksum of the bytes) keeps validating",
        arguments: Backend.allCases)
    func oldLedgerKeepsWorking(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let original = "-- app 0001\nCREATE TABLE t (a int);\n"
        let connection = try database.connect()
        try connection.execute(
            script: """
                CREATE TABLE seedctl_migrations (module text NOT NULL, version integer NOT NULL, name text NOT NULL,
                  checksum text NOT NULL, applied_at \(backend == .postgres ? "timestamptz NOT NULL DEFAULT now()" : "TEXT NOT NULL DEFAULT 'x'"),
                  duration_ms double precision NOT NULL, PRIMARY KEY (module, version));
                CREATE TABLE t (a int);
                """)
        let legacy = Migration(module: "app", version: 1, name: "t", path: "x", data: Data(original.utf8))
        try connection.query(
            "INSERT INTO seedctl_migrations (module, version, name, checksum, duration_ms) VALUES ('app', 1, 't', $1, 1)",
            [.text(legacy.legacyChecksum)])
        // Since then the file gained CRLF line ends and a down section; a timestamped file follows.
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_t.sql": original.replacingOccurrences(of: "\n", with: "\r\n")
                    + "-- seedctl:down\r\nDROP TABLE t;\r\n",
                "20230117143902_u.sql": "CREATE TABLE u (a int);",
            ])
        let migrator = try migrator(folder, connection)
        #expect(try migrator.migrate().map(\.id) == ["app/20230117143902"])
        #expect(try migrator.status().allSatisfy { $0.state == .applied })
        if backend == .postgres {
            let type = try connection.query(
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'seedctl_migrations' AND column_name = 'version'"
            )
            #expect(type.first?["data_type"].string == "bigint")
        }
    }

    // MARK: 3. Up and down sections

    @Test("3: dbmate, goose and golang-migrate files run only their up half", arguments: Backend.allCases)
    func upHalvesOnly(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_dbmate.sql":
                    "-- migrate:up\nCREATE TABLE a (x int);\n\n-- migrate:down\nDROP TABLE a;\n",
                "0002_goose.sql": "-- +goose Up\nCREATE TABLE b (x int);\n-- +goose Down\nDROP TABLE b;\n",
                "0003_pair.up.sql": "CREATE TABLE c (x int);\n",
                "0003_pair.down.sql": "DROP TABLE c;\n",
            ])
        let connection = try database.connect()
        let migrator = try migrator(folder, connection)
        #expect(try migrator.migrate().map(\.id) == ["app/0001", "app/0002", "app/0003"])
        for table in ["a", "b", "c"] { #expect(try connection.tableExists(table), "\(table)") }
        #expect(try migrator.down(.init(steps: 3)).count == 3)
        for table in ["a", "b", "c"] { #expect(try !connection.tableExists(table), "\(table)") }
    }

    // MARK: 4. pg_dump output

    @Test("4: pg_dump's empty search_path, \\restrict and COPY blocks", arguments: [true, false])
    func pgDumpFile(transactional: Bool) throws {
        let database = try TestDatabase(.postgres)
        let header = transactional ? "" : "-- seedctl:no-transaction\n"
        let folder = try ScratchMigrations(
            dialects: [.postgres],
            files: [
                "0001_dump.sql": header + """
                    \\restrict k3yK3y
                    SET statement_timeout = 0;
                    SELECT pg_catalog.set_config('search_path', '', false);
                    CREATE TABLE public.cars (id integer NOT NULL, note text);
                    COPY public.cars (id, note) FROM stdin;
                    1\tit's; fine
                    2\t\\N
                    \\.
                    ALTER TABLE ONLY public.cars ADD CONSTRAINT cars_pkey PRIMARY KEY (id);
                    \\unrestrict k3yK3y
                    """,
                "0002_after.sql": "CREATE TABLE public.after_dump (a int);",
            ])
        let connection = try database.connect()
        let migrator = try migrator(folder, connection)
        #expect(try migrator.migrate().count == 2)
        let rows = try connection.query("SELECT id, note FROM public.cars ORDER BY id")
        #expect(rows.map { $0["note"].string } == ["it's; fine", nil])
        #expect(
            try connection.query("SELECT count(*) AS n FROM public.seedctl_migrations").first?["n"].int == 2)
    }

    @Test("4: other psql meta-commands are refused with their line before anything runs")
    func otherMetaCommandsRefused() throws {
        let database = try TestDatabase(.postgres)
        let folder = try ScratchMigrations(
            dialects: [.postgres], files: ["0001_x.sql": "CREATE TABLE a (x int);\n\\connect other\n"])
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.kind == .refused)
        #expect(error.description.contains("0001_x.sql:2:1"))
        #expect(try !connection.tableExists("a"))
    }

    // MARK: 5. Invalid UTF-8

    @Test("5: invalid UTF-8 is refused with its line", arguments: Backend.allCases)
    func invalidUTF8(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(dialects: [backend.dialect], files: [:])
        try folder.write(
            "\(backend.rawValue)/app/0001_x.sql",
            bytes: Array("CREATE TABLE t (a text);\nINSERT INTO t VALUES ('caf".utf8) + [0xE9]
                + Array("');\n".utf8))
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.description.contains("0001_x.sql:2: not valid UTF-8"))
        #expect(try !connection.tableExists("t"))
    }

    // MARK: 6. A file with its own transaction

    @Test(
        "6: COMMIT in the middle of a transactional file is refused; nothing is applied",
        arguments: Backend.allCases)
    func ownCommitRefused(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: [
                "0001_x.sql":
                    "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (x int);\nCOMMIT;\n"
            ])
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.kind == .refused)
        #expect(error.description.contains("0001_x.sql:3:1"))
        #expect(try !connection.tableExists("a"))
    }

    @Test(
        "6: a file wrapped in one BEGIN … COMMIT runs as one transaction, rolled back whole",
        arguments: Backend.allCases)
    func wrappedFileRollsBackWhole(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: ["0001_x.sql": "BEGIN;\nCREATE TABLE a (x int);\nCREATE TABLE a (x int);\nCOMMIT;\n"])
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.description.contains("0001_x.sql:3:"))
        #expect(error.description.contains("rolled back"))
        #expect(try !connection.tableExists("a"))
    }

    // MARK: 7. Errors without a server position

    @Test("7: a duplicate key deep in the file is reported at its line", arguments: Backend.allCases)
    func errorWithoutPosition(backend: Backend) throws {
        let database = try TestDatabase(backend)
        var text = "CREATE TABLE t (id int PRIMARY KEY);\n"
        for id in 1...1200 { text += "INSERT INTO t VALUES (\(id));\n" }
        text += "INSERT INTO t VALUES (7);\n"
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: ["0001_x.sql": text, "0002_y.sql": "ALTER TABLE\n  missing ADD COLUMN a int;"])
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(
            error.description.hasPrefix(folder.path + "/\(backend.rawValue)/app/0001_x.sql:1202:1:"),
            "\(error)")
    }

    // MARK: 8. The no-transaction splitter

    @Test("8: no-transaction files with triggers, bracket identifiers and a /* … /* … */ comment (SQLite)")
    func sqliteNoTransactionSplitter() throws {
        let database = try TestDatabase(.sqlite)
        let folder = try ScratchMigrations(
            dialects: [.sqlite],
            files: [
                "0001_x.sql": """
                -- seedctl:no-transaction
                /* load data/*.csv later */
                CREATE TABLE [semi;colon] (`back;tick` int);
                CREATE TABLE audit (n int);
                CREATE TRIGGER t AFTER INSERT ON [semi;colon] BEGIN
                  INSERT INTO audit VALUES (1);
                  INSERT INTO audit VALUES (2);
                END;
                INSERT INTO [semi;colon] VALUES (5);
                """
            ])
        let connection = try database.connect()
        try migrator(folder, connection).migrate()
        #expect(try connection.query("SELECT count(*) AS n FROM audit").first?["n"].int == 2)
    }

    @Test("8: no-transaction files with BEGIN ATOMIC, rules and nested comments (PostgreSQL)")
    func postgresNoTransactionSplitter() throws {
        let database = try TestDatabase(.postgres)
        let folder = try ScratchMigrations(
            dialects: [.postgres],
            files: [
                "0001_x.sql": """
                -- seedctl:no-transaction
                /* outer /* inner; CREATE TABLE hidden (a int); */ still a comment; */
                CREATE TABLE t (a int);
                CREATE TABLE log (a int);
                CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT x + 1;
                END;
                CREATE RULE t_log AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (new.a); INSERT INTO log VALUES (add_one(new.a)));
                INSERT INTO t VALUES (1);
                """
            ])
        let connection = try database.connect()
        try migrator(folder, connection).migrate()
        #expect(try connection.query("SELECT a FROM log ORDER BY a").map { $0["a"].int } == [1, 2])
    }

    // MARK: 9. Byte-order mark

    @Test("9: a BOM neither breaks the first statement nor hides the header (PostgreSQL)")
    func byteOrderMark() throws {
        let database = try TestDatabase(.postgres)
        let folder = try ScratchMigrations(
            dialects: [.postgres],
            files: [
                "0001_t.sql": "\u{FEFF}CREATE TABLE t (a int);",
                "0002_i.sql": "\u{FEFF}-- seedctl:no-transaction\nCREATE INDEX CONCURRENTLY t_a ON t (a);",
            ])
        let connection = try database.connect()
        #expect(try migrator(folder, connection).migrate().count == 2)
    }

    // MARK: 10. Session settings

    @Test("10: one file's SET does not reach the next file (PostgreSQL)")
    func sessionDoesNotLeak() throws {
        let database = try TestDatabase(.postgres)
        let folder = try ScratchMigrations(
            dialects: [.postgres],
            files: [
                "0001_set.sql":
                    "SET check_function_bodies = false;\nSELECT pg_catalog.set_config('search_path', '', false);",
                "0002_fn.sql":
                    "CREATE FUNCTION broken() RETURNS int LANGUAGE sql AS $$ SELECT FROM nowhere_at_all $$;",
            ])
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.description.contains("0002_fn.sql"))
        #expect(error.description.contains("nowhere_at_all"))
    }

    // MARK: 11. Smaller ones

    @Test("11: CONCURRENTLY in a transactional file suggests the header (PostgreSQL)")
    func concurrentlySuggestsHeader() throws {
        let database = try TestDatabase(.postgres)
        let folder = try ScratchMigrations(
            dialects: [.postgres],
            files: ["0001_t.sql": "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);"])
        let error = try #require(throws: MigrationError.self) {
            try migrator(folder, database.connect()).migrate()
        }
        #expect(error.description.contains("0001_t.sql:2:1"))
        #expect(error.description.contains("-- seedctl:no-transaction"))
    }

    @Test("11: a pending file below an applied version is not called edited", arguments: [Backend.sqlite])
    func outOfOrderAdvice(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect], files: ["0002_b.sql": "CREATE TABLE b (x int);"])
        let connection = try database.connect()
        try migrator(folder, connection).migrate()
        try folder.write("\(backend.rawValue)/app/0001_a.sql", "CREATE TABLE a (x int);")
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.description.contains("out of order"))
        #expect(!error.description.contains("must not be edited"))
    }

    @Test("11: an empty or comment-only file is refused, not recorded", arguments: Backend.allCases)
    func emptyFileRefused(backend: Backend) throws {
        let database = try TestDatabase(backend)
        let folder = try ScratchMigrations(
            dialects: [backend.dialect],
            files: ["0001_a.sql": "-- app 0001: todo\n\n-- seedctl:up\n\n-- seedctl:down\n"])
        let connection = try database.connect()
        let error = try #require(throws: MigrationError.self) { try migrator(folder, connection).migrate() }
        #expect(error.kind == .refused)
        #expect(error.description.contains("no SQL to apply"))
        #expect(try migrator(folder, connection).status().map(\.state) == [.pending])
    }

    @Test("11: the ledger is read from public whatever the URL's search_path (PostgreSQL)")
    func ledgerIgnoresSearchPath() throws {
        let database = try TestDatabase(.postgres)
        let admin = try database.connect()
        try admin.execute(script: "CREATE SCHEMA other; CREATE TABLE other.seedctl_migrations (module text)")
        let folder = try ScratchMigrations(
            dialects: [.postgres], files: ["0001_a.sql": "CREATE TABLE public.a (x int);"])
        let separator = database.url.contains("?") ? "&" : "?"
        let connection = try DatabaseURL(database.url + "\(separator)options=-csearch_path%3Dother,public")
            .connect()
        #expect(try migrator(folder, connection).migrate().count == 1)
        #expect(try admin.query("SELECT count(*) AS n FROM public.seedctl_migrations").first?["n"].int == 1)
        #expect(try migrator(folder, connection).status().map(\.state) == [.applied])
    }
}
