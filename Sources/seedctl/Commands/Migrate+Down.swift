import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Down: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revert applied migrations, newest first (1 unless --steps or --to says otherwise).",
            discussion: """
                Runs each migration's down section in its own transaction and removes its ledger \
                row; dependents are reverted before what they require. Refuses before changing \
                anything if one of them has no down section.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        @Option(help: ArgumentHelp("How many applied migrations to revert.", valueName: "n"))
        var steps: Int?

        @Option(
            name: .customLong("to"),
            help: ArgumentHelp(
                "Revert everything applied after this migration (it stays); 0 reverts all.",
                valueName: "module/version"))
        var target: String?

        @Flag(help: "Print the migrations that would be reverted, and revert nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("Seconds to wait for another run's lock.", valueName: "seconds"))
        var lockTimeout: Double = 60

        func validate() throws {
            if steps != nil, target != nil { throw ValidationError("give --steps or --to, not both") }
            if let steps, steps < 1 { throw ValidationError("'--steps' must be 1 or more") }
            guard lockTimeout >= 0 else {
                throw ValidationError("'--lock-timeout' must be 0 or more seconds")
            }
        }

        func run() throws {
            try ExitStatus.reporting {
                let (database, settings) = try connection.connect(
                    lockTimeout: lockTimeout, readOnly: dryRun ? .missingIsEmpty : nil)
                let migrator = try migrations.migrator(database)
                let everything = target == "0"
                let options = Migrator.DownOptions(
                    steps: everything ? Int.max : steps, target: everything ? nil : target, dryRun: dryRun,
                    lockTimeout: lockTimeout)
                Terminal.line(
                    "\(dryRun ? "Planning to revert on" : "Reverting on") \(settings.url) (\(settings.source.rawValue))"
                )
                let reverted = try migrator.down(options, onEvent: MigrateEvents.print)
                if dryRun {
                    for migration in reverted { Terminal.line("  would revert  \(migration.label)") }
                    Terminal.line("\(reverted.count) migration(s) would be reverted; nothing was changed.")
                } else {
                    Terminal.line(
                        reverted.isEmpty ? "Nothing to revert." : "Reverted \(reverted.count) migration(s).")
                }
            }
        }
    }
}
