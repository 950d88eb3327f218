/// The outcome of `seedctl verify`.
public struct VerifyReport: Sendable, Codable {
    /// One invariant and what was found.
    public struct Check: Sendable, Codable {
        public let name: String
        public let passed: Bool
        /// What was compared, or how many rows break it.
        public let detail: String
        /// A few offending rows (ids), when it failed.
        public let samples: [String]
    }

    public let checks: [Check]
    /// The dataset digest (hex SHA-256).
    public let digest: String
    public let tables: [DatasetDigest.TableDigest]

    /// Whether every invariant holds.
    public var passed: Bool { checks.allSatisfy(\.passed) }
}
