import ArgumentParser
import SeedKit

extension SeedCtl {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations, module by module in dependency order.",
            discussion: """
                Each migration runs in its own transaction with its ledger row in \
                seedctl_migrations; a file whose header says '-- seedctl:no-transaction' runs \
                statement by statement. Concurrent runs wait for each other.
                """,
            subcommands: [
                Up.self, Down.self, Status.self, Validate.self, New.self, Baseline.self, Resume.self,
                Repair.self,
            ],
            defaultSubcommand: Up.self
        )
    }
}

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
                let source = try migrations.source()
                let (database, settings) = try connection.connect(
                    lockTimeout: lockTimeout, readOnly: dryRun ? .missingIsEmpty : nil)
                let migrator = try migrations.migrator(database)
                let options = Migrator.Options(target: target, dryRun: dryRun, lockTimeout: lockTimeout)
                Terminal.line(
                    "\(dryRun ? "Planning" : "Migrating") \(settings.url) (\(settings.source.rawValue)) from \(source.directory.path)"
                )
                let migrations = try migrator.migrate(options, onEvent: MigrateEvents.print)
                if dryRun {
                    for migration in migrations {
                        let note = migration.runsInTransaction ? "" : " (no transaction)"
                        Terminal.line("  pending  \(migration.label)\(note)")
                    }
                    Terminal.line(
                        migrations.isEmpty
                            ? "Nothing to apply: the database is up to date."
                            : "\(migrations.count) migration(s) would be applied; nothing was changed.")
                } else {
                    Terminal.line(
                        migrations.isEmpty
                            ? "Nothing to apply: the database is up to date."
                            : "Applied \(migrations.count) migration(s); the database is up to date\(target.map { " through \($0)" } ?? "")."
                    )
                }
            }
        }
    }
}

/// How the migrate subcommands print a run's progress.
enum MigrateEvents {
    static func print(_ event: Migrator.Event) {
        switch event {
        case .waitingForLock(let holder):
            Terminal.note("waiting for another migration run to finish (\(holder)) …")
        case .applying:
            break
        case .applied(let migration, let durationMs):
            Terminal.line("  applied  \(migration.label)  \(Terminal.duration(ms: durationMs))")
        case .skipped(let migration):
            Terminal.line("  skipped  \(migration.label) (applied meanwhile by another run)")
        case .reverted(let migration, let durationMs):
            Terminal.line("  reverted \(migration.label)  \(Terminal.duration(ms: durationMs))")
        case .baselined(let migration):
            Terminal.line("  baselined \(migration.label)")
        }
    }
}
