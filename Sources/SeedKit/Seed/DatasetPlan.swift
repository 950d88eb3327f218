/// Everything that decides a dataset: counts, seed, anchor time and part, and the pure
/// functions that give any row's parent and the parent's attributes from indexes alone.
public struct DatasetPlan: Sendable {
    public let profile: Profile
    let hash: CounterHash
    /// The seed every value is derived from.
    public var seed: UInt64 { hash.seed }
    public let asOf: Timestamp
    public let part: SeedPart

    let jobs: Int
    let sessions: Int
    let patterns: Int
    let outputsFan: FanOut
    let decisionsFan: FanOut
    let sessionsFan: FanOut
    let researchFan: FanOut
    let conversationsFan: FanOut
    let errorsFan: FanOut
    let trdsFan: FanOut
    let statuses: SessionStatusPlan

    /// This part's design jobs: the roots, split evenly.
    public let jobRange: Range<Int>
    /// The sessions of this part's jobs.
    public let sessionRange: Range<Int>
    /// The completed-session ranks of this part's sessions (the TRD parents).
    public let completedRange: Range<Int>
    /// This part's slice of patterns.
    public let patternRange: Range<Int>

    public init(profile: Profile, seed: UInt64, asOf: Timestamp = .defaultAnchor, part: SeedPart = .whole)
        throws
    {
        try profile.validate()
        self.profile = profile
        let counterHash = CounterHash(seed: seed)
        self.hash = counterHash
        self.asOf = asOf
        self.part = part
        let jobs = profile.count(SeedSchema.designJobs)
        let sessions = profile.count(SeedSchema.sessions)
        self.jobs = jobs
        self.sessions = sessions
        patterns = profile.count(SeedSchema.patterns)
        func fan(_ parents: Int, _ table: SeededTable) -> FanOut {
            FanOut(parents: parents, children: profile.count(table), hash: counterHash, name: table.name)
        }
        outputsFan = fan(jobs, SeedSchema.designOutputs)
        decisionsFan = fan(jobs, SeedSchema.designDecisions)
        sessionsFan = fan(jobs, SeedSchema.sessions)
        researchFan = fan(sessions, SeedSchema.research)
        conversationsFan = fan(sessions, SeedSchema.conversations)
        errorsFan = fan(sessions, SeedSchema.errorLogs)
        let statuses = SessionStatusPlan(sessions: sessions, hash: counterHash)
        self.statuses = statuses
        trdsFan = fan(statuses.completedCount, SeedSchema.trds)
        if profile.count(SeedSchema.trds) > 0, statuses.completedCount == 0 {
            throw ConfigurationError(
                "tech_trd_documents needs completed sessions, and \(sessions) session(s) have none; raise tech_spec_sessions"
            )
        }
        let jobRange = part.slice(of: jobs)
        let sessionsFan = self.sessionsFan
        let sessionRange =
            sessionsFan.firstChild(of: jobRange.lowerBound)..<sessionsFan.firstChild(of: jobRange.upperBound)
        self.jobRange = jobRange
        self.sessionRange = sessionRange
        completedRange =
            statuses.completedRank(
                before: sessionRange.lowerBound)..<statuses.completedRank(before: sessionRange.upperBound)
        patternRange = part.slice(of: patterns)
    }

    /// Rows of `table` in this part.
    func rowCount(_ table: SeededTable) -> Int {
        func span(_ fan: FanOut, _ range: Range<Int>) -> Int {
            fan.firstChild(of: range.upperBound) - fan.firstChild(of: range.lowerBound)
        }
        switch table.name {
        case SeedSchema.designJobs.name: return jobRange.count
        case SeedSchema.designOutputs.name: return span(outputsFan, jobRange)
        case SeedSchema.designDecisions.name: return span(decisionsFan, jobRange)
        case SeedSchema.sessions.name: return sessionRange.count
        case SeedSchema.research.name: return span(researchFan, sessionRange)
        case SeedSchema.conversations.name: return span(conversationsFan, sessionRange)
        case SeedSchema.trds.name: return span(trdsFan, completedRange)
        case SeedSchema.errorLogs.name: return span(errorsFan, sessionRange)
        case SeedSchema.patterns.name: return patternRange.count
        default: return 0
        }
    }

    /// The index of the first row of `table` that design job (or pattern) `driver` drives.
    func firstRow(of table: SeededTable, driver: Int) -> Int {
        let session = sessionsFan.firstChild(of: driver)
        switch table.name {
        case SeedSchema.designOutputs.name: return outputsFan.firstChild(of: driver)
        case SeedSchema.designDecisions.name: return decisionsFan.firstChild(of: driver)
        case SeedSchema.sessions.name: return session
        case SeedSchema.research.name: return researchFan.firstChild(of: session)
        case SeedSchema.conversations.name: return conversationsFan.firstChild(of: session)
        case SeedSchema.trds.name: return trdsFan.firstChild(of: statuses.completedRank(before: session))
        case SeedSchema.errorLogs.name: return errorsFan.firstChild(of: session)
        default: return driver  // design jobs, patterns
        }
    }

    // MARK: Parent attributes, computed from indexes

    static let jobStream = CounterHash.stream(SeedSchema.designJobs.name)
    static let sessionStream = CounterHash.stream(SeedSchema.sessions.name)
    static let projectStream = CounterHash.stream("projects")

    func row(_ stream: UInt64, _ index: Int) -> RowRandom {
        RowRandom(hash: hash, stream: stream, row: index)
    }

    /// A design job's id.
    func jobID(_ job: Int) -> SeedUUID { row(Self.jobStream, job).uuid }

    /// A design job's project: about four jobs per project.
    func projectID(ofJob job: Int) -> SeedUUID { row(Self.projectStream, job / 4).uuid }

    /// When a design job was created: 30 to 365 days before `asOf`.
    func jobCreated(_ job: Int) -> Timestamp {
        asOf.adding(
            -30 * Timestamp.day - Int64(row(Self.jobStream, job).unit(10) * Double(335 * Timestamp.day)))
    }

    /// A session's id.
    func sessionID(_ session: Int) -> SeedUUID { row(Self.sessionStream, session).uuid }

    /// When a session was created: up to 20 days after its job.
    func sessionCreated(_ session: Int, job: Int) -> Timestamp {
        jobCreated(job).adding(Int64(row(Self.sessionStream, session).unit(10) * Double(20 * Timestamp.day)))
    }

    /// A delay after a parent's time, up to `maximum`, at least one second.
    func delay(_ random: RowRandom, _ field: UInt64, upTo maximum: Int64) -> Int64 {
        Timestamp.second + Int64(random.unit(field) * Double(maximum))
    }
}
