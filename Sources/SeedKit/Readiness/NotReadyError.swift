/// The database is not ready for what was asked: not migrated, not seeded, or already holding
/// the rows a seed would write. One line that says what to run first; `seedctl` exits 5.
public struct NotReadyError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
