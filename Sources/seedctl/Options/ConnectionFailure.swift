import SeedKit

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
        guard url.dialect == .postgres else {
            return error.hint.map { "\(error.message); \($0)" } ?? error.message
        }
        return "cannot connect to \(url): \(error.message); \(advice)"
    }

    /// Whether `error` is a PostgreSQL connection that could not be opened: the codes the
    /// driver gives a refused connection, a wrong password or a missing database.
    static func isRefusedConnection(_ error: DatabaseError) -> Bool {
        [.unableToConnect, .invalidPassword, .invalidCatalogName].contains(error.code)
    }
}
