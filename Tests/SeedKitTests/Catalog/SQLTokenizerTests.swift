import Testing

@testable import SeedKit

struct SQLTokenizerTests {
    private func texts(_ sql: String) -> [String] {
        SQLTokenizer.tokens(in: sql).map { $0.isIdentifier ? $0.text : "<\($0.text)>" }
    }

    @Test func identifiersAndPunctuation() {
        #expect(
            texts("SELECT s.id, $1 FROM t_1 s") == [
                "SELECT", "s", "<.>", "id", "<,>", "<$>", "<1>", "FROM", "t_1", "s",
            ])
    }

    @Test func commentsAreSkippedAndAStringIsOneToken() {
        #expect(texts("SELECT 'a b' -- FROM x\n/* JOIN y */ FROM t") == ["SELECT", "<'>", "FROM", "t"])
        #expect(texts("'it''s'") == ["<'>", "<'>"])
    }

    @Test func quotedIdentifiersLoseTheirQuotes() {
        let tokens = SQLTokenizer.tokens(in: #"FROM "order" JOIN `a b` JOIN [c]"#)
        #expect(tokens.map(\.text) == ["FROM", "order", "JOIN", "a b", "JOIN", "c"])
        #expect(tokens.map(\.quoted) == [false, true, false, true, false, true])
        #expect(tokens.map(\.isIdentifier) == Array(repeating: true, count: 6))
    }
}
