/// A transactional half's own `BEGIN`/`COMMIT`: dropped when they wrap the whole half, refused
/// anywhere else.
extension MigrationFile {
    /// Handles a transactional half's own transaction control: a leading `BEGIN` and trailing
    /// `COMMIT` (as `sqlite3 .dump` writes) are dropped, since the migration's transaction
    /// replaces them; any other `BEGIN`, `COMMIT` or `ROLLBACK` is refused.
    static func ownTransaction(
        _ statements: [StatementSplitter.Statement], text: String, path: String, dialect: Dialect
    ) -> ([StatementSplitter.Statement], String?) {
        var statements = statements
        let controls = statements.indices.filter {
            statements[$0].kind == .sql && transactionControl(statements[$0].sql) != nil
        }
        if controls.count == 2, let last = statements.indices.last(where: { statements[$0].kind == .sql }),
            transactionControl(statements[controls[0]].sql) == .begin, controls[1] == last,
            transactionControl(statements[last].sql) == .commit
        {
            statements.remove(at: last)
            statements.remove(at: controls[0])
        }
        let remaining = statements.filter { $0.kind == .sql && transactionControl($0.sql) != nil }
        // After a leading BEGIN, the COMMIT or BEGIN that follows is what goes wrong.
        let culprit =
            remaining.count > 1 && transactionControl(remaining[0].sql) == .begin
            ? remaining[1] : remaining.first
        if let culprit, let control = transactionControl(culprit.sql) {
            let location = SourceLocation(utf8Offset: culprit.offset, in: text)
            let word = culprit.sql.prefix { !$0.isWhitespace && $0 != ";" }.uppercased()
            let why =
                control == .begin
                ? "a transaction inside the migration's own" : "it would end the transaction part-way"
            return (
                statements,
                "\(path):\(location): \(word) inside a migration that seedctl runs in its own transaction (\(why)); remove it, or wrap the whole file in one BEGIN … COMMIT, or mark the file '-- seedctl:no-transaction'"
            )
        }
        return (statements, nil)
    }

    enum TransactionControl { case begin, commit }

    /// Whether a statement starts or ends the transaction (not `BEGIN ATOMIC`, not `ROLLBACK TO`).
    static func transactionControl(_ sql: String) -> TransactionControl? {
        guard let initial = sql.utf8.first.map({ $0 | 0x20 }),
            [
                UInt8(ascii: "b"), UInt8(ascii: "s"), UInt8(ascii: "c"), UInt8(ascii: "e"), UInt8(ascii: "a"),
                UInt8(ascii: "r"),
            ]
            .contains(initial)
        else { return nil }
        let words = sql.prefix(40).lowercased().split { !($0.isLetter || $0 == "_") }.prefix(2).map(
            String.init)
        guard let first = words.first else { return nil }
        let second = words.count > 1 ? words[1] : ""
        switch first {
        case "begin": return second == "atomic" ? nil : .begin
        case "start": return second == "transaction" ? .begin : nil
        case "commit", "end", "abort": return second == "prepared" ? nil : .commit
        case "rollback": return second == "to" || second == "prepared" ? nil : .commit
        default: return nil
        }
    }
}
