import Foundation

/// What was seeded — profile, seed, anchor, the exact counts, and which of its `--part`s are
/// loaded — kept in `seedctl_dataset` so `seedctl verify` knows what to expect without being
/// told again, and so parts loaded by several processes agree on one dataset.
struct DatasetRecord: Sendable, Equatable {
    var profile: String
    var seed: UInt64
    var asOf: String
    /// Rows per logical table of the whole dataset.
    var counts: [String: Int]
    /// N of `--part K/N` (1 for a whole run).
    var parts: Int = 1
    /// The parts committed so far (1-based, ascending); all of `1...parts` once complete.
    var loaded: [Int] = [1]
    /// The keys, indexes and foreign keys a PostgreSQL parts load dropped, recreated by the
    /// last part (or by `clear`); empty when nothing is dropped.
    var dropped: [PostgresIndexes.Definition] = []

    static let tableName = "seedctl_dataset"

    init(plan: DatasetPlan) {
        profile = plan.profile.name
        seed = plan.hash.seed
        asOf = plan.asOf.iso8601
        counts = plan.profile.counts
        parts = plan.part.count
        loaded = plan.part.isWhole ? [1] : []
    }

    init(profile: String, seed: UInt64, asOf: String, counts: [String: Int]) {
        self.profile = profile
        self.seed = seed
        self.asOf = asOf
        self.counts = counts
    }

    /// Whether every part is loaded.
    var isComplete: Bool { loaded.count == parts }

    /// The parts not loaded yet, as `2/4, 3/4`.
    var missingParts: String {
        (1...max(1, parts)).filter { !loaded.contains($0) }.map { "\($0)/\(parts)" }.joined(separator: ", ")
    }

    /// What differs between this record and `plan`, each naming its flag: empty when `plan` is
    /// a part of the same dataset.
    func differences(from plan: DatasetPlan) -> [String] {
        var differences: [String] = []
        if profile != plan.profile.name {
            differences.append("--profile (loaded: \(profile), this run: \(plan.profile.name))")
        }
        if seed != plan.seed { differences.append("--seed (loaded: \(seed), this run: \(plan.seed))") }
        if asOf != plan.asOf.iso8601 {
            differences.append("--as-of (loaded: \(asOf), this run: \(plan.asOf.iso8601))")
        }
        if counts != plan.profile.counts {
            let tables = Set(counts.keys).union(plan.profile.counts.keys).sorted().filter {
                counts[$0] != plan.profile.counts[$0]
            }
            let first = tables.first ?? ""
            differences.append(
                "--scale or --count (\(first): loaded \(counts[first] ?? 0) rows, this run \(plan.profile.counts[first] ?? 0))"
            )
        }
        if parts != plan.part.count {
            differences.append(
                "N of --part (loaded: \(parts) part\(parts == 1 ? "" : "s"), this run: \(plan.part))")
        }
        return differences
    }

    /// Creates the table, or adds the columns an older seedctl did not write.
    static func createTable(_ connection: any Connection) throws {
        try connection.execute(
            script: """
                CREATE TABLE IF NOT EXISTS seedctl_dataset (
                    id integer PRIMARY KEY CHECK (id = 1), profile text NOT NULL, seed text NOT NULL,
                    as_of text NOT NULL, counts text NOT NULL, parts integer NOT NULL DEFAULT 1,
                    loaded text NOT NULL DEFAULT '[1]', dropped text NOT NULL DEFAULT '[]')
                """)
        let added = [
            "parts integer NOT NULL DEFAULT 1", "loaded text NOT NULL DEFAULT '[1]'",
            "dropped text NOT NULL DEFAULT '[]'",
        ]
        // Only the missing ones: ALTER TABLE locks the table even when it changes nothing.
        let present: Set<String>
        switch connection.dialect {
        case .postgres:
            present = Set(
                try connection.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'seedctl_dataset' AND table_schema = current_schema()"
                ).compactMap { $0["column_name"].string })
        case .sqlite:
            present = Set(
                try connection.query("PRAGMA table_info(seedctl_dataset)").compactMap { $0["name"].string })
        }
        for column in added where !present.contains(String(column.prefix { $0 != " " })) {
            try connection.execute(script: "ALTER TABLE seedctl_dataset ADD COLUMN \(column)")
        }
    }

    /// Writes (or replaces) the record, inside the seeding transaction.
    func save(_ connection: any Connection) throws {
        try Self.createTable(connection)
        try update(connection)
    }

    /// Replaces the record in an existing table, with no DDL (so no lock beyond the row's): what a
    /// part does while other parts stream.
    func update(_ connection: any Connection) throws {
        func json<T: Encodable>(_ value: T) throws -> String {
            String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
        }
        try connection.query("DELETE FROM seedctl_dataset")
        try connection.query(
            """
            INSERT INTO seedctl_dataset (id, profile, seed, as_of, counts, parts, loaded, dropped)
            VALUES (1, $1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .text(profile), .text(String(seed)), .text(asOf), .text(try json(counts)),
                .integer(Int64(parts)), .text(try json(loaded)), .text(try json(dropped)),
            ])
    }

    /// Removes the record (after `seedctl clear`).
    static func delete(_ connection: any Connection) throws {
        if try tableExists(connection) { try connection.query("DELETE FROM seedctl_dataset") }
    }

    /// Whether the table exists. On PostgreSQL from a catalog query, not `to_regclass`: that
    /// one trusts the session's cache, which still says "no such table" after waiting on an
    /// advisory lock for another run that created it.
    private static func tableExists(_ connection: any Connection) throws -> Bool {
        guard connection.dialect == .postgres else { return try connection.tableExists(tableName) }
        return try !connection.query(
            """
            SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = $1 AND n.nspname = current_schema()
            """, [.text(tableName)]
        ).isEmpty
    }

    /// The record, if the database was seeded by seedctl.
    static func load(_ connection: any Connection) throws -> DatasetRecord? {
        guard try tableExists(connection),
            let row = try connection.query("SELECT * FROM seedctl_dataset").first,
            let counts = try? JSONDecoder().decode(
                [String: Int].self, from: Data((row["counts"].string ?? "").utf8))
        else { return nil }
        var record = DatasetRecord(
            profile: row["profile"].string ?? "", seed: UInt64(row["seed"].string ?? "") ?? 0,
            asOf: row["as_of"].string ?? "", counts: counts)
        if let parts = row["parts"].int { record.parts = Int(parts) }
        if let loaded = row["loaded"].string {
            record.loaded = (try? JSONDecoder().decode([Int].self, from: Data(loaded.utf8))) ?? [1]
        }
        if let dropped = row["dropped"].string {
            record.dropped =
                (try? JSONDecoder().decode([PostgresIndexes.Definition].self, from: Data(dropped.utf8))) ?? []
        }
        return record
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for stable output.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
