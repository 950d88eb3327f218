/// Rewrites JSON text in one canonical form — object keys sorted by their UTF-8 bytes, no
/// insignificant white space, numbers as shortest round-trip doubles (integers without a
/// fraction) — so PostgreSQL's `jsonb` output and SQLite's stored text compare equal.
enum CanonicalJSON {
    /// Text that is not JSON: what the parser expected and at which byte, plus the column that
    /// holds the text once the digest knows it. The text itself is row data and never shown.
    struct Malformed: Error, Equatable, CustomStringConvertible {
        /// What the parser wanted to read, e.g. "':' after an object key".
        let expected: String
        /// Zero-based UTF-8 byte offset into the text where parsing stopped.
        let offset: Int
        /// The column holding the text, as `table.column`, when known.
        var column: String?

        var description: String {
            let problem = "expected \(expected) at byte \(offset)"
            guard let column else { return "not valid JSON: \(problem)" }
            return "\(column) holds a value that is not valid JSON (\(problem)); the digest reads every "
                + "seeded value, so correct or delete that row, or re-seed with 'seedctl seed --clear'"
        }
    }

    /// The canonical form of `text`; throws when it is not JSON.
    static func canonicalize(_ text: String) throws -> String {
        var parser = Parser(bytes: Array(text.utf8))
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        try parser.value(into: &output)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.malformed("the end of the text") }
        return String(decoding: output, as: UTF8.self)
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        func malformed(_ expected: String) -> Malformed { Malformed(expected: expected, offset: index) }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(into output: inout [UInt8]) throws {
            skipSpace()
            guard index < bytes.count else { throw malformed("a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(into: &output)
            case UInt8(ascii: "["): try array(into: &output)
            case UInt8(ascii: "\""): output += try string()
            case UInt8(ascii: "t"): try literal("true", into: &output)
            case UInt8(ascii: "f"): try literal("false", into: &output)
            case UInt8(ascii: "n"): try literal("null", into: &output)
            default: try number(into: &output)
            }
        }

        mutating func object(into output: inout [UInt8]) throws {
            index += 1
            var members: [([UInt8], [UInt8])] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                        throw malformed("':' after an object key")
                    }
                    index += 1
                    var member: [UInt8] = []
                    try value(into: &member)
                    members.append((key, member))
                    skipSpace()
                    let next = index < bytes.count ? bytes[index] : 0
                    guard next == UInt8(ascii: ",") || next == UInt8(ascii: "}") else {
                        throw malformed("',' or '}' after an object member")
                    }
                    index += 1
                    if next == UInt8(ascii: "}") { break }
                }
            }
            output.append(UInt8(ascii: "{"))
            for (position, member) in members.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) })
                .enumerated()
            {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                output += member.0
                output.append(UInt8(ascii: ":"))
                output += member.1
            }
            output.append(UInt8(ascii: "}"))
        }

        mutating func array(into output: inout [UInt8]) throws {
            index += 1
            output.append(UInt8(ascii: "["))
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
            } else {
                var first = true
                while true {
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    try value(into: &output)
                    skipSpace()
                    let next = index < bytes.count ? bytes[index] : 0
                    guard next == UInt8(ascii: ",") || next == UInt8(ascii: "]") else {
                        throw malformed("',' or ']' after an array element")
                    }
                    index += 1
                    if next == UInt8(ascii: "]") { break }
                }
            }
            output.append(UInt8(ascii: "]"))
        }

        /// A string token, kept as written (both backends keep escapes the same for our data).
        mutating func string() throws -> [UInt8] {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw malformed("an object key in quotes")
            }
            let start = index
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard index < bytes.count else {
                throw Malformed(expected: "a closing '\"'", offset: bytes.count)
            }
            index += 1
            return Array(bytes[start..<index])
        }

        mutating func literal(_ word: String, into output: inout [UInt8]) throws {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count,
                Array(bytes[index..<index + expected.count]) == expected
            else {
                throw malformed("'\(word)'")
            }
            index += expected.count
            output += expected
        }

        mutating func number(into output: inout [UInt8]) throws {
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                let expected = index > start ? "a number" : "a value"
                index = start
                throw malformed(expected)
            }
            output += Array(CanonicalValue.number(value).utf8)
        }
    }
}
