import Foundation

/// What was seeded — profile, seed, anchor and the exact counts — kept in `seedctl_dataset`
/// so `seedctl verify` knows what to expect without being told again.
struct DatasetRecord: Sendable, Equatable {
    var profile: String
    var seed: UInt64
    var asOf: String
    /// Rows per logical table of the whole dataset.
    var counts: [String: Int]

    static let tableName = "seedctl_dataset"

    init(plan: DatasetPlan) {
        profile = plan.profile.name
        seed = plan.hash.seed
        asOf = plan.asOf.iso8601
        counts = plan.profile.counts
    }

    init(profile: String, seed: UInt64, asOf: String, counts: [String: Int]) {
        self.profile = profile
        self.seed = seed
        self.asOf = asOf
        self.counts = counts
    }

    /// Writes (or replaces) the record, inside the seeding transaction.
    func save(_ connection: any Connection) throws {
        try connection.execute(
            script: """
                CREATE TABLE IF NOT EXISTS seedctl_dataset (
                    id integer PRIMARY KEY CHECK (id = 1), profile text NOT NULL, seed text NOT NULL,
                    as_of text NOT NULL, counts text NOT NULL)
                """)
        let counts = String(decoding: try JSONEncoder.sorted.encode(self.counts), as: UTF8.self)
        try connection.query("DELETE FROM seedctl_dataset")
        try connection.query(
            "INSERT INTO seedctl_dataset (id, profile, seed, as_of, counts) VALUES (1, $1, $2, $3, $4)",
            [.text(profile), .text(String(seed)), .text(asOf), .text(counts)])
    }

    /// Removes the record (after `seedctl clear`).
    static func delete(_ connection: any Connection) throws {
        if try connection.tableExists(tableName) { try connection.query("DELETE FROM seedctl_dataset") }
    }

    /// The record, if the database was seeded by seedctl.
    static func load(_ connection: any Connection) throws -> DatasetRecord? {
        guard try connection.tableExists(tableName),
            let row = try connection.query("SELECT profile, seed, as_of, counts FROM seedctl_dataset").first,
            let counts = try? JSONDecoder().decode(
                [String: Int].self, from: Data((row["counts"].string ?? "").utf8))
        else { return nil }
        return DatasetRecord(
            profile: row["profile"].string ?? "", seed: UInt64(row["seed"].string ?? "") ?? 0,
            asOf: row["as_of"].string ?? "", counts: counts)
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
