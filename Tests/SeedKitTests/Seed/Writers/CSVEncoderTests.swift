import Testing

@testable import SeedKit

/// RFC 4180 CSV as `psql \copy … (FORMAT csv)` and `sqlite3 .import --csv` read it: a field with
/// a comma, a double quote, a line feed or a carriage return is enclosed in double quotes, and a
/// double quote inside is doubled. NULL is an empty unquoted field, so an empty string is `""`.
/// Everything else — tab, backslash, spaces, apostrophes, UTF-8 — is written as is.
struct CSVEncoderTests {
    static func encode(_ values: [String?]) -> String { encodedTextRow(CSVEncoder.self, values) }

    @Test(
        arguments: [
            ("a,b", #""a,b""#),
            (#"say "hi""#, #""say ""hi""""#),
            (#"""#, #""""""#),
            ("line\nfeed", "\"line\nfeed\""),
            ("carriage\rreturn", "\"carriage\rreturn\""),
            ("crlf\r\n", "\"crlf\r\n\""),
            ("", #""""#),
            ("tab\there", "tab\there"),
            (#"back\slash \N \."#, #"back\slash \N \."#),
            ("  spaces kept  ", "  spaces kept  "),
            ("it's; fine", "it's; fine"),
            ("bell\u{07} esc\u{1B} del\u{7F}", "bell\u{07} esc\u{1B} del\u{7F}"),
            ("non-ASCII: é ß ✓ 日本 🙂", "non-ASCII: é ß ✓ 日本 🙂"),
        ])
    func quotes(value: String, expected: String) {
        #expect(Self.encode([value]) == expected + "\n")
        #expect(CSVReader.records(of: Self.encode([value])) == [[value]])
    }

    @Test func nullIsAnEmptyUnquotedField() {
        #expect(Self.encode([nil, "", "x", nil]) == #","",x,"# + "\n")
        #expect(CSVReader.records(of: Self.encode([nil, "", "x", nil])) == [[nil, "", "x", nil]])
        #expect(Self.encode([nil]) == "\n")
    }

    @Test func separatesFieldsAndRows() {
        var encoder = CSVEncoder(capacity: 0)
        encoder.text("a")
        encoder.boolean(true)
        encoder.boolean(false)
        encoder.integer(-7)
        encoder.endRow()
        encoder.json(#"{"k":"v, w"}"#)
        encoder.endRow()
        #expect(String(decoding: encoder.buffer, as: UTF8.self) == "a,1,0,-7\n\"{\"\"k\"\":\"\"v, w\"\"}\"\n")
    }

    @Test func headerListsTheColumnsInInsertOrder() {
        #expect(
            CSVEncoder.header(SeedSchema.errorLogs)
                == "id,session_id,error_type,message,recovery_strategy,recovered,retry_count,created_at\n")
    }

    /// Every single byte and every pair of special characters survives a trip through a reader
    /// that follows RFC 4180 (with PostgreSQL's unquoted-empty-is-NULL rule).
    @Test func roundTripsThroughAnRFC4180Reader() {
        let specials = [",", "\"", "\n", "\r", "\t", "\\", " ", "é", "x"]
        var values = (1...0x7F).map { String(UnicodeScalar(UInt8($0))) }
        for first in specials {
            for second in specials { values.append(first + second) }
        }
        for value in values {
            #expect(CSVReader.records(of: Self.encode([value, nil, value])) == [[value, nil, value]])
        }
    }
}

/// Reads RFC 4180 records: a field starting with `"` runs to the next lone `"` (`""` is one
/// quote), an unquoted field runs to the next comma or line feed; an unquoted empty field is NULL.
enum CSVReader {
    static func records(of text: String) -> [[String?]] {
        let bytes = Array(text.utf8)
        var records: [[String?]] = []
        var record: [String?] = []
        var index = 0
        while index < bytes.count {
            var field: [UInt8] = []
            var quoted = false
            if bytes[index] == 0x22 {
                quoted = true
                index += 1
                while index < bytes.count {
                    if bytes[index] == 0x22 {
                        if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                            field.append(0x22)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
            } else {
                while index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x0A {
                    #expect(
                        bytes[index] != 0x22 && bytes[index] != 0x0D, "unquoted field holds a quote or CR")
                    field.append(bytes[index])
                    index += 1
                }
            }
            record.append(quoted || !field.isEmpty ? String(decoding: field, as: UTF8.self) : nil)
            guard index < bytes.count else { break }
            if bytes[index] == 0x0A {
                records.append(record)
                record = []
            } else {
                #expect(bytes[index] == 0x2C, "a field ends at a comma or a line feed")
            }
            index += 1
        }
        return records
    }
}
