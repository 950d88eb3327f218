import Foundation

/// What the catalog reads in a query's SQL text: its `:name` placeholders, and the keyword that
/// makes it change data.
enum CatalogSQL {
    /// `:name` placeholders in `sql`, in order of first use, ignoring `::casts` and quoted text.
    static func placeholders(in sql: String) -> [String] {
        var names: [String] = []
        for match in matches(in: sql) where !names.contains(match) { names.append(match) }
        return names
    }

    /// `sql` with the placeholder `:name` (not `::name`, not `:names`) replaced by `replacement`.
    static func replacePlaceholder(_ name: String, with replacement: String, in sql: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"(?<![:\w]):"# + name + #"(?!\w)"#) else {
            return sql
        }
        return regex.stringByReplacingMatches(
            in: sql, range: NSRange(sql.startIndex..., in: sql),
            withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
    }

    private static func matches(in sql: String) -> [String] {
        let unquoted = sql.replacingOccurrences(of: #"'[^']*'"#, with: "''", options: .regularExpression)
        guard let regex = try? NSRegularExpression(pattern: #"(?<![:\w]):([a-z_][a-z0-9_]*)"#) else {
            return []
        }
        return regex.matches(in: unquoted, range: NSRange(unquoted.startIndex..., in: unquoted)).compactMap {
            Range($0.range(at: 1), in: unquoted).map { String(unquoted[$0]) }
        }
    }

    /// The statement keyword that makes `sql` change data, or nil for a read: a first keyword
    /// INSERT, UPDATE, DELETE, MERGE, REPLACE or TRUNCATE, or a WITH whose statements contain
    /// INSERT, UPDATE, DELETE or MERGE (not `FOR UPDATE`). Comments and strings are skipped.
    static func writeKeyword(in sql: String) -> String? {
        let words = SQLTokenizer.tokens(in: sql).filter { $0.isIdentifier && !$0.quoted }.map {
            $0.text.uppercased()
        }
        guard let first = words.first else { return nil }
        if ["INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "TRUNCATE"].contains(first) { return first }
        guard first == "WITH" else { return nil }
        let statements: Set = ["INSERT", "UPDATE", "DELETE", "MERGE"]
        for (position, word) in words.enumerated() where statements.contains(word) {
            // SELECT … FOR UPDATE / FOR NO KEY UPDATE locks rows but changes none.
            if word == "UPDATE", ["FOR", "KEY"].contains(words[position - 1]) { continue }
            return word
        }
        return nil
    }
}
