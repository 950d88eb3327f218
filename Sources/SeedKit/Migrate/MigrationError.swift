/// Why a migration run stopped.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; the CLI maps it to an exit code.
    public enum Kind: Sendable, Equatable {
        /// Applied files changed or went missing, or a pending file predates applied ones.
        case drift
        /// A statement failed; earlier migrations stay applied, this one left nothing.
        case statementFailed
        /// Another run held the migration lock past `--lock-timeout`.
        case lockTimeout
        /// `--to` names no migration.
        case unknownTarget
    }

    public let kind: Kind
    public let description: String
    /// The database error behind a failed statement.
    public let underlying: DatabaseError?

    init(_ kind: Kind, _ description: String, underlying: DatabaseError? = nil) {
        self.kind = kind
        self.description = description
        self.underlying = underlying
    }

    /// A failed statement, located as `FILE:LINE:COLUMN` from the error's offset plus the
    /// statement's offset within the file.
    static func statementFailed(
        _ migration: Migration, error: DatabaseError, statementOffset: Int = 0, transactional: Bool
    ) -> MigrationError {
        let offset = statementOffset + (error.offset ?? 0)
        let location = SourceLocation(utf8Offset: offset, in: migration.sql)
        let aftermath =
            transactional
            ? "it was rolled back; earlier migrations stay applied"
            : "it ran outside a transaction, so statements before this one stay; fix the file and rerun"
        return MigrationError(
            .statementFailed, "\(migration.path):\(location): \(error) — \(aftermath)", underlying: error)
    }
}
