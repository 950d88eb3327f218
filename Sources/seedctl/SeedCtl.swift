import ArgumentParser

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
        subcommands: [Setup.self, Migrate.self, Seed.self, Verify.self, Explain.self, Bench.self, Clear.self]
    )
}
