import ArgumentParser
import Foundation
import SeedKit

extension SeedCtl {
    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate realistic, foreign-key-consistent data and load it in one transaction.",
            discussion: """
                Every value is a pure function of (seed, table, row, field), so the same --seed \
                gives the same rows on every run, machine and backend, and --part K/N processes \
                together write exactly what one process writes. A failure or Ctrl-C leaves the \
                previous data.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var dataset: DatasetOptions

        /// Replace existing data.
        @Flag(help: "Empty the seeded tables first (in the same transaction).")
        var clear = false

        /// text, json, or csv (with --out).
        @Option(help: "Summary as text or json; csv writes files to --out instead of loading.")
        var format: SeedFormat = .text

        /// Parallel connections (PostgreSQL).
        @Option(help: "Load tables on this many PostgreSQL connections at once (then atomic per table, not per run).")
        var jobs = 1

        /// CSV output folder.
        @Option(help: ArgumentHelp("Folder for --format csv.", valueName: "dir"))
        var out: String?

        func validate() throws {
            if format == .csv, out == nil { throw ValidationError("'--format csv' needs '--out DIR'") }
            if format != .csv, out != nil { throw ValidationError("'--out' goes with '--format csv'") }
            guard (1...64).contains(jobs) else { throw ValidationError("'--jobs' must be between 1 and 64") }
        }

        func run() throws {
            try ExitStatus.reporting {
                let context = try dataset.context()
                let seeder = Seeder(context: context, options: SeedOptions(clear: clear))
                let progress = SeedProgress(enabled: format == .text)
                let watch = ContinuousClock.now
                let loads: [TableLoad]
                let target: String
                if format == .csv, let out {
                    target = out
                    loads = try seeder.exportCSV(to: URL(fileURLWithPath: out), onEvent: progress.handle)
                } else {
                    let (database, settings) = try connection.connect()
                    target = settings.url.description
                    loads = jobs > 1
                        ? try seeder.load(into: settings.url, jobs: jobs, onEvent: progress.handle)
                        : try seeder.load(into: database, onEvent: progress.handle)
                }
                progress.finish()
                let seconds = (ContinuousClock.now - watch).seconds
                SeedSummary(profile: context.plan.profile.name, seed: dataset.seed, part: dataset.part, target: target,
                            seconds: seconds, tables: loads, jobs: format == .csv ? 1 : jobs).print(as: format)
            }
        }
    }
}

/// `seed --format`.
enum SeedFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
