/// Why a migration run stopped.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; the CLI maps it to an exit code.
    public enum Kind: Sendable, Equatable {
        /// Applied files changed or went missing, a pending file predates applied ones, or a
        /// failed no-transaction migration waits for `resume` or `repair`.
        case drift
        /// A statement failed; earlier migrations stay applied.
        case statementFailed
        /// Another run held the migration lock past `--lock-timeout`.
        case lockTimeout
        /// `--to` or a command's argument names no migration.
        case unknownTarget
        /// A file seedctl will not run as it is (empty, meta-command, nested transaction,
        /// no down section, no-transaction file through a transaction-mode pooler).
        case refused
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

    /// A failed statement, located as `FILE:LINE:COLUMN`: the server's position within the
    /// statement when it gives one, else the statement's first character.
    static func statementFailed(
        _ script: MigrationScript, statement: StatementSplitter.Statement, error: DatabaseError,
        aftermath: String
    ) -> MigrationError {
        let inStatement = error.offset.map { min($0, statement.length) } ?? 0
        var text = "\(script.location(ofOffset: statement.offset + inStatement)): \(error)"
        if error.code == SQLState(rawValue: "25001") {
            text +=
                "; this statement cannot run in a transaction: put '-- seedctl:no-transaction' (dbmate: '-- migrate:up transaction:false', goose: '-- +goose NO TRANSACTION') at the top of the file"
        }
        return MigrationError(.statementFailed, "\(text) — \(aftermath)", underlying: error)
    }
}
