import Testing

@testable import SeedKit

/// The canonical JSON the digest hashes. Changing any output pinned here changes the digest of
/// every dataset with a JSON column.
struct CanonicalJSONTests {
    @Test(
        arguments: [
            // Key order: sorted by the bytes of the key token, quotes included, at every depth.
            (#"{"b":1,"a":2}"#, #"{"a":2,"b":1}"#),
            (#"{"é":1,"z":2,"Z":3,"aa":4,"a":5}"#, #"{"Z":3,"a":5,"aa":4,"z":2,"é":1}"#),
            (#"{"a":1,"a!":2}"#, #"{"a!":2,"a":1}"#),  // '!' sorts before the closing quote
            (
                #"{"z":{"y":[3,{"b":true,"a":null}],"x":"s"},"a":[]}"#,
                #"{"a":[],"z":{"x":"s","y":[3,{"a":null,"b":true}]}}"#
            ),
            // Arrays keep their order; white space between tokens goes.
            (" [ 3 , 1 ,\n\t2 ]\r\n", "[3,1,2]"),
            (#" { "a" : { } , "b" : [ ] } "#, #"{"a":{},"b":[]}"#),
            // Strings are kept as written, escapes included: \u00e9 and é stay different.
            (#"{"k":"\u00e9"}"#, #"{"k":"\u00e9"}"#),
            (#"{"k":"é"}"#, #"{"k":"é"}"#),
            (#"["a\"b","c\\","\n\t","\/"]"#, #"["a\"b","c\\","\n\t","\/"]"#),
            (#"{"a\"b":1,"a":2}"#, #"{"a":2,"a\"b":1}"#),
            // Numbers: shortest round-trip double, integral values without a fraction.
            (
                "[1.0,1e2,1E2,-0,-0.0,0.5,-12.50,1e21,1e-7,123456789012]",
                "[1,100,100,0,0,0.5,-12.5,1e+21,1e-07,123456789012]"
            ),
            // From 9e15 on, integral values print as Swift does: with ".0" up to 2^53, then in
            // exponent form.
            (
                "[8999999999999999,9000000000000000,9007199254740993,1e16]",
                "[8999999999999999,9000000000000000.0,9007199254740992.0,1e+16]"
            ),
            ("[0.1,0.30000000000000004,2.5e-324]", "[0.1,0.30000000000000004,5e-324]"),
            ("[true,false,null]", "[true,false,null]"),
            ("\"top-level string\"", "\"top-level string\""),
            ("42", "42"),
        ])
    func canonicalizes(text: String, expected: String) throws {
        #expect(try CanonicalJSON.canonicalize(text) == expected)
        #expect(try CanonicalJSON.canonicalize(expected) == expected, "canonical output is a fixed point")
    }

    /// What PostgreSQL 15's `jsonb` prints (keys by length, then bytes; a space after ':' and ',')
    /// and what SQLite keeps (the text as written) canonicalize to the same text.
    @Test func jsonbAndStoredTextAgree() throws {
        let stored = #"{"options":[{"name":"Redis","score":0.5}],"count":2,"ok":true}"#
        let jsonb = #"{"ok": true, "count": 2, "options": [{"name": "Redis", "score": 0.5}]}"#
        #expect(try CanonicalJSON.canonicalize(stored) == CanonicalJSON.canonicalize(jsonb))
    }

    /// Where the parser stopped and what it wanted; the description never quotes the text.
    @Test(
        arguments: [
            ("", "a value", 0),
            ("   ", "a value", 3),
            ("{", "an object key in quotes", 1),
            (#"{"a"}"#, "':' after an object key", 4),
            (#"{"a" 1}"#, "':' after an object key", 5),
            (#"{"a":}"#, "a value", 5),
            (#"{"a":1,}"#, "an object key in quotes", 7),
            (#"{"a":1"#, "',' or '}' after an object member", 6),
            (#"{"a":1]"#, "',' or '}' after an object member", 6),
            ("{a:1}", "an object key in quotes", 1),
            ("[1,", "a value", 3),
            ("[1,]", "a value", 3),
            ("[1 2]", "',' or ']' after an array element", 3),
            ("[1}", "',' or ']' after an array element", 2),
            (#"["secret"#, "a closing '\"'", 8),
            (#"["ends in a backslash\"#, "a closing '\"'", 22),
            ("tru", "'true'", 0),
            ("[nul]", "'null'", 1),
            ("fals", "'false'", 0),
            ("1e", "a number", 0),
            ("--1", "a number", 0),
            ("[1.2.3]", "a number", 1),
            ("NaN", "a value", 0),
            ("1 2", "the end of the text", 2),
            ("{} x", "the end of the text", 3),
        ] as [(String, String, Int)])
    func refusesMalformedText(text: String, expected: String, offset: Int) {
        #expect(throws: CanonicalJSON.Malformed(expected: expected, offset: offset)) {
            try CanonicalJSON.canonicalize(text)
        }
    }

    @Test func malformedSaysWhatWhereAndWhatToDo() {
        var error = CanonicalJSON.Malformed(expected: "':' after an object key", offset: 4)
        #expect(error.description == "not valid JSON: expected ':' after an object key at byte 4")
        error.column = "tech_conversations.metadata"
        #expect(
            error.description == """
                tech_conversations.metadata holds a value that is not valid JSON \
                (expected ':' after an object key at byte 4); the digest reads every seeded value, \
                so correct or delete that row, or re-seed with 'seedctl seed --clear'
                """)
        #expect("\(error)" == error.description, "the CLI prints errors with string interpolation")
    }
}
