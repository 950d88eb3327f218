/// An error code: a PostgreSQL SQLSTATE (`42601`), or a SQLite result code (`SQLITE_CONSTRAINT`).
///
/// An open set, like the server's own list: codes seedctl reacts to have names, the rest keep
/// their raw value.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let connectionFailure = SQLState(rawValue: "08006")
    public static let unableToConnect = SQLState(rawValue: "08001")
    public static let invalidPassword = SQLState(rawValue: "28P01")
    public static let invalidAuthorization = SQLState(rawValue: "28000")
    public static let invalidCatalogName = SQLState(rawValue: "3D000")
    public static let syntaxError = SQLState(rawValue: "42601")
    public static let undefinedTable = SQLState(rawValue: "42P01")
    public static let uniqueViolation = SQLState(rawValue: "23505")
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    public static let checkViolation = SQLState(rawValue: "23514")
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    public static let queryCanceled = SQLState(rawValue: "57014")
    public static let adminShutdown = SQLState(rawValue: "57P01")
    /// A failure inside the client library with no server code.
    public static let clientError = SQLState(rawValue: "XX000")

    /// The code for a SQLite primary result code.
    public static func sqlite(_ name: String) -> SQLState { SQLState(rawValue: "SQLITE_" + name) }

    /// True for codes that mean the connection itself is gone (class 08, or an admin shutdown).
    public var isConnectionLoss: Bool {
        rawValue.hasPrefix("08") || rawValue.hasPrefix("57P")
    }
}
