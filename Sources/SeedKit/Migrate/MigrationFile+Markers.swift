import Foundation

/// The marker lines of the three formats (seedctl, dbmate, goose) that `MigrationFile` reads.
extension MigrationFile {
    /// A marker line and the byte range of the line (with its line end).
    struct Marker {
        enum Kind: Equatable {
            case up, down, noTransaction, statementBegin, statementEnd
        }

        var kind: Kind
        var range: Range<Int>
        var transactional = true
    }

    /// The marker a line holds, nil for other lines, a failure for an unknown `seedctl:` directive.
    static func marker(_ line: String) -> Result<
        (Marker.Kind, Bool, Migration.Format?), DirectiveError
    >? {
        var rest = Substring(line.trimmingCharacters(in: .whitespacesAndNewlines))
        guard rest.hasPrefix("--") else { return nil }
        rest = rest.dropFirst(2).drop(while: { $0 == " " || $0 == "\t" })
        let lower = rest.lowercased()
        let words = lower.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if lower.hasPrefix("seedctl:") {
            let directive = String(lower.dropFirst("seedctl:".count)).trimmingCharacters(in: .whitespaces)
            switch directive {
            case "up": return .success((.up, true, .seedctl))
            case "down": return .success((.down, true, .seedctl))
            case "no-transaction", "no_transaction", "notransaction":
                return .success((.noTransaction, false, nil))
            default:
                return .failure(
                    DirectiveError(
                        "unknown directive '-- seedctl:\(directive)'; seedctl knows -- seedctl:up, -- seedctl:down and -- seedctl:no-transaction"
                    ))
            }
        }
        if let first = words.first, first == "migrate:up" || first == "migrate:down" {
            let transactional = !words.dropFirst().contains("transaction:false")
            return .success((first == "migrate:up" ? .up : .down, transactional, .dbmate))
        }
        if words.first == "+goose", words.count >= 2 {
            switch words.dropFirst().joined(separator: " ") {
            case "up": return .success((.up, true, .goose))
            case "down": return .success((.down, true, .goose))
            case "statementbegin": return .success((.statementBegin, true, .goose))
            case "statementend": return .success((.statementEnd, true, .goose))
            case "no transaction": return .success((.noTransaction, false, .goose))
            default:
                return .failure(
                    DirectiveError(
                        "goose annotation '\(line.trimmingCharacters(in: .whitespaces))' is not supported; seedctl reads Up, Down, StatementBegin, StatementEnd and NO TRANSACTION"
                    ))
            }
        }
        return nil
    }

    struct DirectiveError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

}
