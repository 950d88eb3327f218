import ArgumentParser

extension SeedCtl {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load the catalog's queries with many clients through a bounded pool; report percentiles and thresholds.",
            discussion: """
                'seedctl bench [options]' runs the load ('bench run'); the other subcommands \
                work with what runs produce.
                """,
            subcommands: [Run.self, AlertRules.self, Merge.self, History.self, Trend.self],
            defaultSubcommand: Run.self
        )
    }
}
