import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Up: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations (the default when no subcommand is given).")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        /// Applies nothing; prints the plan.
        @Flag(help: "Print the migrations that would be applied, and apply nothing.")
        var dryRun = false

        /// Last migration to apply.
        @Option(
            name: .customLong("to"),
            help: ArgumentHelp("Stop after this migration.", valueName: "module/version"))
        var target: String?

        /// How long to wait for a concurrent run.
        @Option(help: ArgumentHelp("Seconds to wait for another run's lock.", valueName: "seconds"))
        var lockTimeout: Double = 60

        func validate() throws {
            guard lockTimeout >= 0 else {
                throw ValidationError("'--lock-timeout' must be 0 or more seconds")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let options = Migrator.Options(target: target, dryRun: dryRun, lockTimeout: lockTimeout)
                try Self.migrate(
                    options, from: migrations.source(), connection: connection,
                    ledgerSchema: migrations.ledgerSchema)
            }
        }

        /// Applies (or with `dryRun` lists) the pending migrations of `source` and prints each
        /// step; `migrate` and `setup` both run this.
        static func migrate(
            _ options: Migrator.Options, from source: MigrationSource, connection: ConnectionOptions,
            ledgerSchema: String = "public"
        ) throws {
            let (database, settings) = try connection.connect(
                lockTimeout: options.lockTimeout, readOnly: options.dryRun ? .missingIsEmpty : nil)
            let migrator = Migrator(source: source, connection: database, ledgerSchema: ledgerSchema)
            let verb = options.dryRun ? "Planning" : "Migrating"
            let origin = "(\(settings.source.rawValue)) from \(source.directory.path)"
            Terminal.line("\(verb) \(settings.url) \(origin)")
            let migrations = try migrator.migrate(options, onEvent: MigrateEvents.print)
            guard !migrations.isEmpty else {
                Terminal.line("Nothing to apply: the database is up to date.")
                return
            }
            if options.dryRun {
                for migration in migrations {
                    let note = migration.runsInTransaction ? "" : " (no transaction)"
                    Terminal.line("  pending  \(migration.label)\(note)")
                }
                Terminal.line("\(migrations.count) migration(s) would be applied; nothing was changed.")
            } else {
                let through = options.target.map { " through \($0)" } ?? ""
                Terminal.line(
                    "Applied \(migrations.count) migration(s); the database is up to date\(through).")
            }
        }
    }
}
