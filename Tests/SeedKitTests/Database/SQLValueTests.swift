import Testing

@testable import SeedKit

struct SQLValueTests {
    /// A value and what each accessor must return for it.
    struct Case: Sendable, CustomTestStringConvertible {
        let value: SQLValue
        let int: Int64?
        let double: Double?
        let string: String?
        let bool: Bool?
        var testDescription: String { "\(value)" }
    }

    static let cases: [Case] = [
        Case(value: .null, int: nil, double: nil, string: nil, bool: nil),
        Case(value: .integer(42), int: 42, double: 42, string: "42", bool: true),
        Case(value: .integer(0), int: 0, double: 0, string: "0", bool: false),
        Case(value: .integer(-7), int: -7, double: -7, string: "-7", bool: true),
        Case(value: .real(2.75), int: 2, double: 2.75, string: "2.75", bool: true),
        Case(value: .real(-2.75), int: -2, double: -2.75, string: "-2.75", bool: true),
        Case(value: .real(0), int: 0, double: 0, string: "0.0", bool: false),
        Case(value: .real(1e20), int: nil, double: 1e20, string: "1e+20", bool: true),
        Case(value: .text("12"), int: 12, double: 12, string: "12", bool: false),
        Case(value: .text("2.5"), int: nil, double: 2.5, string: "2.5", bool: false),
        Case(value: .text("abc"), int: nil, double: nil, string: "abc", bool: false),
        Case(value: .text("t"), int: nil, double: nil, string: "t", bool: true),
        Case(value: .text("TRUE"), int: nil, double: nil, string: "TRUE", bool: true),
        Case(value: .text("1"), int: 1, double: 1, string: "1", bool: true),
        Case(value: .text("f"), int: nil, double: nil, string: "f", bool: false),
        Case(value: .bool(true), int: 1, double: 1, string: "true", bool: true),
        Case(value: .bool(false), int: 0, double: 0, string: "false", bool: false),
    ]

    @Test(arguments: cases)
    func accessors(_ testCase: Case) {
        #expect(testCase.value.int == testCase.int)
        #expect(testCase.value.double == testCase.double)
        #expect(testCase.value.string == testCase.string)
        #expect(testCase.value.bool == testCase.bool)
        #expect(testCase.value.isNull == (testCase.string == nil))  // only NULL has no text
    }

    @Test func literals() {
        let text: SQLValue = "x"
        let integer: SQLValue = 5
        #expect(text == .text("x"))
        #expect(integer == .integer(5))
    }

    @Test func rowSubscripts() {
        let row = Row(columns: ["id", "name"], values: [.integer(1), .text("a")])
        #expect(row["name"] == .text("a"))
        #expect(row[0] == .integer(1))
        #expect(row["missing"] == .null)
    }
}
