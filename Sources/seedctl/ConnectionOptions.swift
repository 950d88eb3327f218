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

    /// The resolved settings.
    func settings() throws -> DatabaseSettings {
        try DatabaseSettings.resolve(flag: databaseURL)
    }

    /// Opens the database, turning a failure into one line with advice.
    func connect(lockTimeout: Double? = nil, readOnly: ReadOnlyOpen? = nil) throws -> (
        any Connection, DatabaseSettings
    ) {
        let settings = try settings()
        do {
            return (try settings.connect(lockTimeout: lockTimeout, readOnly: readOnly), settings)
        } catch let error as DatabaseError {
            throw ConnectionFailure(url: settings.url, error: error)
        }
    }
}

/// A connection that could not be opened, with what to do about it.
struct ConnectionFailure: Error, CustomStringConvertible {
    let url: DatabaseURL
    let error: DatabaseError

    var description: String {
        let advice: String =
            switch error.code {
            case .invalidPassword, .invalidAuthorization: "check the user and password in the URL"
            case .invalidCatalogName: "create the database or fix its name in the URL"
            default: "check the host and port, and that the server is running"
            }
        guard url.dialect == .postgres else { return url.redact(error.message) }
        return "cannot connect to \(url): \(url.redact(error.message)); \(advice)"
    }
}
