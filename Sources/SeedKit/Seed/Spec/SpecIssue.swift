/// One problem with a dataset spec: where (`FILE:LINE:COLUMN`, or the file when the problem
/// has no line) and what is wrong and what to do.
struct SpecIssue: Sendable, Equatable, CustomStringConvertible {
    let place: String
    let message: String

    var description: String { "\(place): \(message)" }

    /// File, line and column, for listing issues in file order (a place without a line first).
    var order: (String, Int, Int) {
        let parts = place.split(separator: ":")
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]),
            let column = Int(parts[parts.count - 1])
        else {
            return (place, 0, 0)
        }
        return (parts.dropLast(2).joined(separator: ":"), line, column)
    }
}

/// Every problem found in the dataset specs, one per line, before the database is touched
/// (exit 3, like any configuration error).
extension ConfigurationError {
    init(specIssues issues: [SpecIssue]) {
        guard issues.count > 1 else {
            self.init(issues.map(\.description).joined() + " (nothing was written)")
            return
        }
        self.init(
            "\(issues.count) problems in the dataset spec; nothing was written:\n"
                + issues.map(\.description).joined(separator: "\n"))
    }
}
