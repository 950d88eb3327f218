import Testing

@testable import SeedKit

struct DatasetPlanTests {
    /// The `fixture` profile of Seeds/profiles.yml, and a bigger, uneven one.
    static let profiles = [
        Profile(
            name: "fixture", description: "",
            counts: [
                "shared.design_jobs": 5, "shared.design_outputs": 10, "shared.design_decisions": 10,
                "tech_spec_sessions": 10, "tech_research": 30, "tech_conversations": 80,
                "tech_trd_documents": 6, "tech_error_logs": 15, "patterns": 1_000,
            ]),
        Profile(
            name: "uneven", description: "",
            counts: [
                "shared.design_jobs": 1_001, "shared.design_outputs": 2_999, "shared.design_decisions": 17,
                "tech_spec_sessions": 4_321, "tech_research": 9_999, "tech_conversations": 25_000,
                "tech_trd_documents": 1_234, "tech_error_logs": 3, "patterns": 777,
            ]),
    ]

    @Test(arguments: profiles)
    func wholePlanHasTheProfilesCounts(profile: Profile) throws {
        let plan = try DatasetPlan(profile: profile, seed: 42)
        for table in SeedSchema.tables {
            #expect(plan.rowCount(table) == profile.count(table), "\(table.name)")
        }
        #expect(plan.jobRange == 0..<profile.count(SeedSchema.designJobs))
        #expect(plan.sessionRange == 0..<profile.count(SeedSchema.sessions))
        #expect(plan.patternRange == 0..<profile.count(SeedSchema.patterns))
        #expect(plan.completedRange == 0..<plan.statuses.completedCount)
    }

    /// `--part K/N` plans: the parts' ranges follow each other without gap or overlap, and their
    /// row counts add up to the whole dataset's for every table.
    @Test(arguments: profiles, [1, 2, 3, 4, 5, 8])
    func partsAreDisjointAndCovering(profile: Profile, parts: Int) throws {
        let plans = try (1...parts).map {
            try DatasetPlan(profile: profile, seed: 42, part: SeedPart(index: $0, count: parts))
        }
        let whole = try DatasetPlan(profile: profile, seed: 42)
        let ranges: [(String, (DatasetPlan) -> Range<Int>)] = [
            ("jobs", \.jobRange), ("sessions", \.sessionRange), ("completed", \.completedRange),
            ("patterns", \.patternRange),
        ]
        for (name, range) in ranges {
            #expect(range(plans[0]).lowerBound == 0, "\(name)")
            #expect(range(plans[parts - 1]).upperBound == range(whole).upperBound, "\(name)")
            for (previous, next) in zip(plans, plans.dropFirst()) {
                #expect(range(previous).upperBound == range(next).lowerBound, "\(name)")
            }
        }
        for table in SeedSchema.tables {
            #expect(plans.map { $0.rowCount(table) }.reduce(0, +) == whole.rowCount(table), "\(table.name)")
        }
    }

    /// A part's sessions are exactly the sessions of its jobs.
    @Test(arguments: [2, 3, 7])
    func sessionsFollowTheirJobs(parts: Int) throws {
        let profile = Self.profiles[1]
        for index in 1...parts {
            let plan = try DatasetPlan(profile: profile, seed: 42, part: SeedPart(index: index, count: parts))
            var sessions: [Int] = []
            plan.sessionsFan.forEach(parentsIn: plan.jobRange) { _, children in sessions += children }
            #expect(sessions == Array(plan.sessionRange))
        }
    }

    @Test func trdsWithoutCompletedSessionsAreRefused() {
        var profile = Self.profiles[0]
        profile.counts["tech_spec_sessions"] = 1
        profile.counts["tech_research"] = 0
        profile.counts["tech_conversations"] = 0
        profile.counts["tech_error_logs"] = 0
        // One session cannot be completed unless its block of five shuffles a completed slot first.
        let seed = (0..<100).map(UInt64.init).first {
            SessionStatusPlan(sessions: 1, hash: CounterHash(seed: $0)).completedCount == 0
        }
        guard let seed else {
            Issue.record("no seed below 100 leaves the single session uncompleted")
            return
        }
        #expect(
            throws: ConfigurationError(
                "tech_trd_documents needs completed sessions, and 1 session(s) have none; "
                    + "raise tech_spec_sessions"
            )
        ) {
            try DatasetPlan(profile: profile, seed: seed)
        }
    }

    @Test func invalidProfilesAreRefusedBeforePlanning() {
        var profile = Self.profiles[0]
        profile.counts["shared.design_jobs"] = 0
        #expect(
            throws: ConfigurationError(
                "shared.design_outputs has 10 rows but its parent shared.design_jobs has none; "
                    + "give shared.design_jobs a count"
            )
        ) {
            try DatasetPlan(profile: profile, seed: 1)
        }
    }

    /// Pinned: changing these changes every dataset.
    @Test func parentAttributesArePinned() throws {
        let plan = try DatasetPlan(profile: Self.profiles[0], seed: 42)
        #expect(plan.jobID(0).description == "17f68cb6-9171-41eb-85af-439057f62f85")
        #expect(plan.sessionID(0).description == "a0d29bd9-e6fe-4792-8b94-0f379641b05d")
        #expect(plan.projectID(ofJob: 3) == plan.projectID(ofJob: 0))
        #expect(plan.projectID(ofJob: 4) != plan.projectID(ofJob: 0))
        #expect(plan.jobCreated(0).iso8601 == "2025-11-11T22:33:42.424776Z")
        let created = plan.jobCreated(1)
        #expect(created <= plan.asOf.adding(-30 * Timestamp.day))
        #expect(created >= plan.asOf.adding(-365 * Timestamp.day))
        let session = plan.sessionCreated(7, job: 1)
        #expect(session >= created && session <= created.adding(20 * Timestamp.day))
    }
}
