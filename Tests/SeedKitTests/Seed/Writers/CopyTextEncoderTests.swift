import Testing

@testable import SeedKit

/// PostgreSQL's COPY text format: fields separated by tab, rows ended by newline, `\N` for NULL,
/// and a backslash before any backslash, newline, carriage return or tab inside a value (the
/// `\\`, `\n`, `\r`, `\t` escapes). Every other byte, UTF-8 included, is taken literally.
/// A NUL byte cannot be sent at all (PostgreSQL's `text` does not hold one, escaped or not),
/// so it is not tested here; the generators never produce one.
struct CopyTextEncoderTests {
    static func encode(_ values: [String?]) -> String { encodedTextRow(CopyTextEncoder.self, values) }

    @Test(
        arguments: [
            ("tab\there", #"tab\there"#),
            ("line\nfeed", #"line\nfeed"#),
            ("carriage\rreturn", #"carriage\rreturn"#),
            ("crlf\r\n", #"crlf\r\n"#),
            (#"back\slash"#, #"back\\slash"#),
            (#"\N"#, #"\\N"#),  // the text \N, not NULL
            (#"\."#, #"\\."#),  // never the end-of-data marker
            (#"C:\"#, #"C:\\"#),
            ("", ""),
            (#"quote " and 'apostrophe', comma; semicolon"#, #"quote " and 'apostrophe', comma; semicolon"#),
            (
                "bell\u{07} backspace\u{08} vt\u{0B} ff\u{0C} esc\u{1B} del\u{7F}",
                "bell\u{07} backspace\u{08} vt\u{0B} ff\u{0C} esc\u{1B} del\u{7F}"
            ),
            ("non-ASCII: é ß ✓ 日本 🙂", "non-ASCII: é ß ✓ 日本 🙂"),
        ])
    func escapes(value: String, expected: String) {
        #expect(Self.encode([value]) == expected + "\n")
        #expect(CopyTextReader.fields(of: Self.encode([value])) == [value])
    }

    @Test func separatesFieldsAndRows() {
        var encoder = CopyTextEncoder(capacity: 0)
        encoder.text("a")
        encoder.null()
        encoder.text("")
        encoder.boolean(true)
        encoder.boolean(false)
        encoder.endRow()
        encoder.text("b\tc")
        encoder.endRow()
        #expect(String(decoding: encoder.buffer, as: UTF8.self) == "a\t\\N\t\tt\tf\nb\\tc\n")
    }

    @Test func jsonIsEscapedLikeText() {
        var encoder = CopyTextEncoder(capacity: 0)
        encoder.json(#"{"path":"C:\\tmp","note":"a\nb"}"#)
        encoder.endRow()
        #expect(
            String(decoding: encoder.buffer, as: UTF8.self) == #"{"path":"C:\\\\tmp","note":"a\\nb"}"# + "\n")
    }

    /// Every single byte and every pair of special bytes survives a trip through a reader that
    /// follows PostgreSQL's documented COPY text rules.
    @Test func roundTripsThroughACopyTextReader() {
        let specials = ["\t", "\n", "\r", "\\", "N", ".", "\"", ",", "é", "x"]
        var values = (1...0x7F).map { String(UnicodeScalar(UInt8($0))) }
        for first in specials {
            for second in specials { values.append(first + second) }
        }
        for value in values {
            #expect(CopyTextReader.fields(of: Self.encode([value, nil, value])) == [value, nil, value])
        }
    }
}

/// Reads one line of COPY text the way PostgreSQL's `COPY FROM` does (for the escapes seedctl
/// may write): an unescaped tab ends a field, a field that is exactly `\N` is NULL, `\t`, `\n`,
/// `\r` and `\\` stand for their characters, and an unescaped newline ends the row.
enum CopyTextReader {
    static func fields(of line: String) -> [String?] {
        var bytes = Array(line.utf8)
        guard bytes.last == 0x0A else { return [] }
        bytes.removeLast()
        #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D), "a raw newline would split the row")
        var fields: [String?] = []
        for raw in bytes.split(separator: 0x09, omittingEmptySubsequences: false) {
            if Array(raw) == Array(#"\N"#.utf8) {
                fields.append(nil)
                continue
            }
            var value: [UInt8] = []
            var escaped = false
            for byte in raw {
                if escaped {
                    switch byte {
                    case UInt8(ascii: "t"): value.append(0x09)
                    case UInt8(ascii: "n"): value.append(0x0A)
                    case UInt8(ascii: "r"): value.append(0x0D)
                    default: value.append(byte)
                    }
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else {
                    value.append(byte)
                }
            }
            fields.append(String(decoding: value, as: UTF8.self))
        }
        return fields
    }
}
