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
        @OptionGroup var shape: DatasetShapeOptions

        /// Replace existing data.
        @Flag(help: "Empty the seeded tables first (in the same transaction).")
        var clear = false

        /// Let --clear delete rows seedctl did not write.
        @Flag(help: "With --clear: delete rows even when seedctl has no record of writing them.")
        var force = false

        /// text, json, or csv (with --out).
        @Option(help: "Summary as text or json; csv writes files to --out instead of loading.")
        var format: SeedFormat = .text

        /// Parallel connections (PostgreSQL).
        @Option(
            help: ArgumentHelp(
                "Load tables on this many PostgreSQL connections at once "
                    + "(into shadow tables swapped in at the end)."))
        var jobs = 1

        /// CSV output folder.
        @Option(
            help: ArgumentHelp(
                "Folder for --format csv (with --database-url: the columns and tables of that migrated database).",
                valueName: "dir"))
        var out: String?

        func validate() throws {
            if format == .csv, out == nil { throw ValidationError("'--format csv' needs '--out DIR'") }
            if format != .csv, out != nil { throw ValidationError("'--out' goes with '--format csv'") }
            guard (1...64).contains(jobs) else { throw ValidationError("'--jobs' must be between 1 and 64") }
            if force, !clear { throw ValidationError("'--force' goes with '--clear'") }
            if !shape.part.isWhole, format != .csv {
                if clear { throw ValidationError(Seeder.clearWithPart) }
                if jobs > 1 {
                    throw ValidationError(
                        "'--jobs' loads a whole dataset; to load in parallel, start several '--part' runs instead"
                    )
                }
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let destination = out.map(Destination.csv) ?? .database(jobs: jobs)
                try Self.seed(
                    shape.context(of: dataset), options: SeedOptions(clear: clear, force: force),
                    into: destination,
                    format: format, connection: connection)
            }
        }
    }
}

extension SeedCtl.Seed {
    /// Where a seed run writes: the database, on one or more connections, or CSV files.
    enum Destination {
        case database(jobs: Int)
        case csv(folder: String)
    }

    /// Generates `context`'s dataset into `destination` and prints the summary; `seed` and
    /// `setup` both run this.
    static func seed(
        _ context: GeneratorContext, options: SeedOptions, into destination: Destination, format: SeedFormat,
        connection: ConnectionOptions
    ) throws {
        keepLargeBlocksMapped()
        let seeder = Seeder(context: context, options: options)
        let progress = SeedProgress(enabled: format == .text)
        let watch = ContinuousClock.now
        var notes: [String] = []
        let clock = SeedPhaseClock()
        let (loads, target) = try write(seeder, into: destination, connection: connection) { event in
            if case .notice(let note) = event { notes.append(note) }
            clock.handle(event)
            progress.handle(event)
        }
        let phases = clock.finish()
        progress.finish()
        let plan = context.plan
        var jobs = 1
        if case .database(let count) = destination { jobs = count }
        let seconds = (ContinuousClock.now - watch).seconds
        SeedSummary(
            profile: plan.profile.name, seed: plan.seed, part: plan.part.description, target: target,
            seconds: seconds, tables: loads, jobs: jobs, notes: notes, phases: phases
        ).print(as: format)
    }

    /// Runs the seeder; opens a connection only for a single-connection load, the one that uses it.
    private static func write(
        _ seeder: Seeder, into destination: Destination, connection: ConnectionOptions,
        onEvent: (SeedEvent) -> Void
    ) throws -> (loads: [TableLoad], target: String) {
        switch destination {
        case .csv(let folder):
            // With --database-url, the files follow that migrated database's schema (read only).
            let schema = connection.databaseURL == nil ? nil : try connection.connect(create: false).0
            return (
                try seeder.exportCSV(to: URL(fileURLWithPath: folder), schema: schema, onEvent: onEvent),
                folder
            )
        case .database(jobs: 1):
            let (database, settings) = try connection.connect()
            return (try seeder.load(into: database, onEvent: onEvent), settings.url.description)
        case .database(let jobs):
            return try connection.opening { settings in
                (try seeder.load(into: settings.url, jobs: jobs, onEvent: onEvent), settings.url.description)
            }
        }
    }
}

/// `seed --format`.
enum SeedFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
