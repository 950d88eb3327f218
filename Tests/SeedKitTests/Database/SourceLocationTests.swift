import Testing

@testable import SeedKit

struct SourceLocationTests {
    @Test(arguments: [
        ("SELECT 1", 0, 1, 1),
        ("SELECT 1", 7, 1, 8),
        ("a\nbc\ndef", 2, 2, 1),
        ("a\nbc\ndef", 4, 2, 3),
        ("a\nbc\ndef", 5, 3, 1),
        ("a\nbc\ndef", 7, 3, 3),
        ("a\r\nb", 3, 2, 1),  // CRLF is one line break
        ("é\nxé y", 6, 2, 3),  // é is two bytes, one column
        ("é\nxé y", 7, 2, 4),
        ("日本語 x", 10, 1, 5),  // three bytes per character
        ("e\u{301}x", 3, 1, 2),  // e + combining accent is one character
        ("ab\ncd", 100, 2, 3),  // past the end clamps to the end
        ("ab\ncd", -1, 1, 1),
    ])
    func lineAndColumnOfUTF8Offset(text: String, offset: Int, line: Int, column: Int) {
        #expect(SourceLocation(utf8Offset: offset, in: text) == SourceLocation(line: line, column: column))
    }

    @Test func descriptionIsLineColonColumn() {
        #expect(SourceLocation(utf8Offset: 5, in: "a\nbc\ndef").description == "3:1")
    }

    @Test(arguments: [
        ("SELECT x", 8, 7),
        ("SELECT 'é' + x", 14, 14),  // 13 characters before x, é takes two bytes
        ("日本 bad", 4, 7),
        ("e\u{301}x", 3, 3),  // PostgreSQL counts code points: e, U+0301, x
        ("abc", 1, 0),
        ("abc", 0, 0),  // before the start clamps to 0
        ("abc", -5, 0),
        ("日本", 99, 6),  // past the end clamps to the byte count
    ])
    func utf8OffsetOfPostgresCharacterPosition(text: String, position: Int, offset: Int) {
        #expect(SourceLocation.utf8Offset(ofCharacterPosition: position, in: text) == offset)
    }

    @Test func postgresPositionMapsToTheSameColumnOnOneLine() {
        let sql = "SELECT '日本', é FROM t"
        let position = 16  // the F of FROM: SELECT (6), space, '日本' (4), comma, space, é, space
        let offset = SourceLocation.utf8Offset(ofCharacterPosition: position, in: sql)
        #expect(SourceLocation(utf8Offset: offset, in: sql) == SourceLocation(line: 1, column: 16))
        #expect(Array(sql.utf8)[offset] == UInt8(ascii: "F"))
    }
}
