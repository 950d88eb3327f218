/// Which columns of a table a query filters or orders by, and the column lists worth trying.
extension IndexAdvisor {
    /// How a query uses the columns of one table: equality, range and ORDER BY columns.
    struct Usage: Equatable {
        var equality: [String] = []
        var range: [String] = []
        var order: [String] = []
        /// Columns compared with LIKE: a B-tree serves only a prefix pattern, so they come last.
        var pattern: [String] = []
    }

    /// Reads `sql` with the tokenizer: a column of `table` (qualified by its alias or name, or
    /// bare) next to `=`, `IN` or `IS` is an equality column, next to `<`, `>`, `BETWEEN` or
    /// `LIKE` a range column; columns after ORDER BY are order columns.
    static func usage(in sql: String, table: String, alias: String?, columns: Set<String>) -> Usage {
        let tokens = SQLTokenizer.tokens(in: sql)
        let names = Set([table, PlanJudge.unqualified(table), alias].compactMap { $0?.lowercased() })
        var usage = Usage()
        var inOrderBy = false
        func add(_ column: String, to list: inout [String]) {
            if !list.contains(column) { list.append(column) }
        }
        for (position, token) in tokens.enumerated() {
            let word = token.text.uppercased()
            if token.isIdentifier, !token.quoted {
                if word == "BY", position > 0, tokens[position - 1].text.uppercased() == "ORDER" {
                    inOrderBy = true
                }
                if ["LIMIT", "OFFSET", "FETCH", "WHERE", "GROUP", "HAVING", "UNION", "FROM"].contains(word) {
                    inOrderBy = false
                }
            }
            if token.text == ")" { inOrderBy = false }
            let column = token.text.lowercased()
            guard token.isIdentifier, columns.contains(column) else { continue }
            // Placeholders (:id) are not columns; a qualifier must name this table.
            if position > 0, [":", "$", "@"].contains(tokens[position - 1].text) { continue }
            if position > 1, tokens[position - 1].text == "." {
                guard names.contains(tokens[position - 2].text.lowercased()) else { continue }
            }
            if inOrderBy {
                add(column, to: &usage.order)
                continue
            }
            func text(_ index: Int) -> String {
                index >= 0 && index < tokens.count ? tokens[index].text.uppercased() : ""
            }
            let start = position > 1 && tokens[position - 1].text == "." ? position - 2 : position
            let (next, previous, beforePrevious) = (text(position + 1), text(start - 1), text(start - 2))
            let comparison = ["<", ">", "!"]
            if next == "IN" || next == "IS" || (next == "=" && !comparison.contains(previous))
                || (previous == "=" && !comparison.contains(beforePrevious))
            {
                add(column, to: &usage.equality)
            } else if next == "LIKE" {
                add(column, to: &usage.pattern)
            } else if comparison.contains(next) || next == "BETWEEN" || comparison.contains(previous)
                || (previous == "=" && comparison.contains(beforePrevious))
            {
                add(column, to: &usage.range)
            }
        }
        usage.range.removeAll { usage.equality.contains($0) }
        usage.pattern.removeAll { usage.equality.contains($0) || usage.range.contains($0) }
        return usage
    }

    /// Column lists to try, best first: equality columns then a range or the order; then each
    /// equality column alone; then the range, then the order; LIKE columns alone, last.
    static func candidates(_ usage: Usage) -> [[String]] {
        var lists: [[String]] = []
        func add(_ list: [String]) {
            var unique: [String] = []
            for column in list where !unique.contains(column) { unique.append(column) }
            if !unique.isEmpty, !lists.contains(unique) { lists.append(unique) }
        }
        if let range = usage.range.first { add(usage.equality + [range]) }
        add(usage.equality + usage.order)
        add(usage.equality)
        for column in usage.equality { add([column]) }
        for column in usage.range { add([column]) }
        add(usage.order)
        for column in usage.pattern { add([column]) }
        return Array(lists.prefix(maximumCandidates))
    }
}
