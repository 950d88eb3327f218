import Foundation

/// Checks a seeded database: no orphans, the expected counts, children after parents,
/// pattern statistics, TRDs only for completed sessions; and computes the dataset digest.
public struct Verifier {
    public let connection: any Connection
    /// Rows expected per logical table.
    public let expectedCounts: [String: Int]
    /// The dataset specs, whose new tables are checked too.
    public var specs = DatasetSpecs.none

    public init(connection: any Connection, expectedCounts: [String: Int]) {
        self.connection = connection
        self.expectedCounts = expectedCounts
    }

    /// A verifier expecting `profile`'s counts, or else those `seedctl seed` recorded.
    public static func expecting(_ profile: Profile?, on connection: any Connection) throws -> Verifier {
        if let profile { return Verifier(connection: connection, expectedCounts: profile.counts) }
        try SeededTables.readiness(on: connection).requireMigrated()
        guard let recorded = try DatasetRecord.load(connection) else {
            throw NotReadyError(
                "this database was not seeded by seedctl (no seedctl_dataset record); run 'seedctl seed' or pass --profile"
            )
        }
        return Verifier(connection: connection, expectedCounts: recorded.counts)
    }

    /// Runs every check and the digest.
    public func run() throws -> VerifyReport {
        try SeededTables.readiness(on: connection).requireMigrated()
        var checks: [VerifyReport.Check] = []
        for table in SeedSchema.tables {
            checks.append(try countCheck(table))
        }
        for table in SeedSchema.tables {
            guard let parent = table.parent else { continue }
            let child = table.physicalName(connection.dialect)
            let parentTable = connection.dialect.tableName(parent.table)
            checks.append(
                try rows(
                    "no orphans in \(table.name).\(parent.column)",
                    "SELECT c.id FROM \(child) c LEFT JOIN \(parentTable) p ON p.id = c.\(parent.column) WHERE p.id IS NULL"
                ))
            checks.append(
                try rows(
                    "\(table.name).\(parent.childTime) ≥ \(parent.table).\(parent.parentTime)",
                    "SELECT c.id FROM \(child) c JOIN \(parentTable) p ON p.id = c.\(parent.column) WHERE c.\(parent.childTime) < p.\(parent.parentTime)"
                ))
        }
        checks.append(
            try rows(
                "TRDs only for completed sessions",
                "SELECT t.id FROM tech_trd_documents t JOIN tech_spec_sessions s ON s.id = t.session_id WHERE s.status <> 'completed'"
            ))
        checks.append(
            try rows(
                "completed sessions are at 100% with completed_at",
                "SELECT id FROM tech_spec_sessions WHERE status = 'completed' AND (completed_at IS NULL OR progress_percentage <> 100)"
            ))
        checks.append(
            try rows(
                "patterns: success_count ≤ usage_count",
                "SELECT id FROM patterns WHERE success_count > usage_count"))
        checks.append(try wilsonCheck())
        checks += try specChecks()
        let digest = try DatasetDigest.compute(connection)
        return VerifyReport(checks: checks, digest: digest.value, tables: digest.tables)
    }

    private func countCheck(_ table: SeededTable) throws -> VerifyReport.Check {
        let actual =
            try connection.query("SELECT count(*) AS n FROM \(table.physicalName(connection.dialect))")
            .first?["n"].int ?? 0
        let expected = expectedCounts[table.name] ?? 0
        return VerifyReport.Check(
            name: "\(table.name) count", passed: Int(actual) == expected,
            detail: "\(actual) rows, profile expects \(expected)", samples: [])
    }

    /// A check that passes when `sql` (selecting offending ids) returns nothing.
    func rows(_ name: String, _ sql: String) throws -> VerifyReport.Check {
        let count = try connection.query("SELECT count(*) AS n FROM (\(sql)) offending").first?["n"].int ?? 0
        let samples = count == 0 ? [] : try connection.query(sql + " LIMIT 5").compactMap { $0[0].string }
        return VerifyReport.Check(
            name: name, passed: count == 0, detail: "\(count) offending row(s)", samples: samples)
    }

    /// The stored Wilson score equals the formula within 1e-9 for every pattern.
    private func wilsonCheck() throws -> VerifyReport.Check {
        var offending: [String] = []
        var count = 0
        try connection.forEachRow("SELECT id, usage_count, success_count, wilson_score FROM patterns") {
            row in
            let expected = Self.wilson(success: row[2].double ?? 0, usage: row[1].double ?? 0)
            guard let stored = row[3].double, abs(stored - expected) <= 1e-9 else {
                count += 1
                if offending.count < 5 {
                    offending.append(
                        "\(row[0].string ?? "?") (stored \(row[3].double.map { String($0) } ?? "NULL"), formula \(expected))"
                    )
                }
                return
            }
        }
        return VerifyReport.Check(
            name: "patterns.wilson_score = Wilson lower bound (z = 1.96) within 1e-9", passed: count == 0,
            detail: "\(count) offending row(s)", samples: offending)
    }

    /// The Wilson score interval's lower bound at 95% (z = 1.96); 0 without usage.
    public static func wilson(success: Double, usage: Double) -> Double {
        guard usage > 0, success > 0 else { return 0 }
        let z2 = 3.8416
        let p = success / usage
        return (p + z2 / (2 * usage) - 1.96 * (p * (1 - p) / usage + z2 / (4 * usage * usage)).squareRoot())
            / (1 + z2 / usage)
    }
}
