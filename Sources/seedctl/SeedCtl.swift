import ArgumentParser
import Foundation

@main
struct SeedCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seedctl",
        abstract:
            "Migrate, seed, verify, explain and benchmark a database for staging and performance tests.",
        discussion: """
            The database is --database-url, else $DATABASE_URL, else DATABASE_URL in ./.env, \
            else the SQLite file ./seedctl.db.

            Exit codes:
              0   success
              1   a check failed (drift, verify or explain found problems)
              2   database error (cannot connect, a statement failed)
              3   invalid input (URL, migrations, profile, catalog, flags that cannot work)
              4   timed out waiting for another run's lock
              5   the database is not ready (not migrated, not seeded, or not empty without --clear)
              6   a bench threshold failed
              7   an output file could not be written (seed --format csv --out)
              64  invalid command-line usage
            """,
        version: "0.1.0",
        subcommands: [
            Setup.self, Migrate.self, Seed.self, Verify.self, Explain.self, Bench.self, Schema.self,
            Clear.self,
        ]
    )

    /// Parses and runs the command; a usage error is one line, `seedctl: error: …`, like every
    /// other error (ArgumentParser would print `Error:` and the usage), and exits 64.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
            let lines = fullMessage(for: error).split(whereSeparator: \.isNewline)
            // The flag's help ("Help:  --part <K/N>  Generate only part K of N") and the
            // command to ask for more, folded into the one line.
            let help =
                lines.first { $0.hasPrefix("Help:") }
                .map { "; " + $0.dropFirst(5).split(separator: " ").joined(separator: " ") } ?? ""
            let more =
                lines.first { $0.contains("See '") }
                .flatMap { line in line.split(separator: "'").dropFirst().first }
                .map { "; see '\($0)'" } ?? ""
            FileHandle.standardError.write(Data("seedctl: error: \(message)\(help)\(more)\n".utf8))
            exit(withError: ExitCode.validationFailure)
        }
        do {
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
