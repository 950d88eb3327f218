import ArgumentParser
import SeedKit

/// `--database-url`, shared by every command that talks to a database.
struct ConnectionOptions: ParsableArguments {
    /// Overrides `DATABASE_URL` and `.env`.
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "postgres://USER:PASSWORD@HOST:PORT/DB (any libpq URI) or sqlite:PATH.",
            discussion: "Default: $DATABASE_URL, else DATABASE_URL in ./.env, else sqlite:seedctl.db.",
            valueName: "url"))
    var databaseURL: String?

    /// The server stops a statement after this long, and the client gives a silent server up a
    /// few seconds later (a frozen server keeps its TCP connection open).
    @Option(
        help: ArgumentHelp(
            "PostgreSQL: the longest a statement may run, e.g. 30s or 10m; 0s for no limit.",
            discussion: "A server that does not answer at all is given up 5 s after it.",
            valueName: "time"))
    var statementTimeout = TimeSpan(seconds: 600)

    func validate() throws {
        guard statementTimeout.seconds <= 7 * 24 * 3600 else {
            throw ValidationError("'--statement-timeout' must be at most 7 days (168h)")
        }
    }

    /// The resolved settings.
    func settings() throws -> DatabaseSettings {
        var settings = try DatabaseSettings.resolve(flag: databaseURL)
        settings.url.statementTimeout = statementTimeout.seconds
        return settings
    }

    /// Opens the database, turning a failure into one line with advice; `create: false` for
    /// commands that must not create a SQLite file that is not there, `readOnly` for those that
    /// must not change it.
    func connect(
        lockTimeout: Double? = nil, create: Bool = true, readOnly: ReadOnlyOpen? = nil
    ) throws -> (any Connection, DatabaseSettings) {
        let settings = try settings()
        do {
            return (
                try settings.connect(lockTimeout: lockTimeout, create: create, readOnly: readOnly), settings
            )
        } catch let error as DatabaseError {
            throw ConnectionFailure(url: settings.url, error: error)
        }
    }

    /// Runs `body`, a library call that opens its own connections (`seed --jobs`), and reports
    /// a connection it could not open as `connect()` does.
    func opening<Result>(_ body: (DatabaseSettings) throws -> Result) throws -> Result {
        let settings = try settings()
        do {
            return try body(settings)
        } catch let error as DatabaseError where ConnectionFailure.isRefusedConnection(error) {
            throw ConnectionFailure(url: settings.url, error: error)
        }
    }
}
