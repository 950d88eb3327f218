import ArgumentParser
import SeedKit

extension SeedCtl {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check the seeded data: orphans, counts, time order, pattern statistics; print its digest.",
            discussion: """
                Expected counts are those 'seedctl seed' recorded, unless --profile is given. The \
                digest is an order-independent SHA-256 over canonical values, the same on \
                PostgreSQL and SQLite for the same seed. Exits 1 when an invariant is broken.
                """)

        @OptionGroup var connection: ConnectionOptions

        /// Overrides the recorded profile. Optional, unlike `seed --profile`, so it stays here.
        @Option(help: "Expect this profile's counts instead of those recorded by the last seed.")
        var profile: String?

        @OptionGroup var seeds: SeedsFolderOptions

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            try ExitStatus.reporting {
                let expected = try profile.map(seeds.profile(named:))
                try Self.verify(
                    expecting: expected, specs: try seeds.datasetSpecs(), format: format,
                    connection: connection)
            }
        }

        /// Verifies the seeded data against `profile` (or the counts the last seed recorded) and
        /// prints the report; `verify` and `setup` both run this. Throws `ExitStatus.checkFailed`
        /// when a check fails.
        static func verify(
            expecting profile: Profile?, specs: DatasetSpecs, format: OutputFormat,
            connection: ConnectionOptions
        ) throws {
            let (database, _) = try connection.connect(create: false)
            var verifier = try Verifier.expecting(profile, on: database)
            verifier.specs = specs
            let report = try verifier.run()
            try VerifyOutput(report: report).print(as: format)
            guard report.passed else {
                let failed = report.checks.filter { !$0.passed }.map(\.name)
                Terminal.error("\(failed.count) check(s) failed: \(failed.joined(separator: "; "))")
                throw ExitStatus.checkFailed
            }
        }
    }
}
