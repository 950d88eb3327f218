import Testing

@testable import SeedKit

@Suite("dataset spec: parsing with marks")
struct DatasetSpecParserTests {
    private func parse(_ yaml: String) -> (DatasetSpec, [String]) {
        var parser = DatasetSpecParser(file: "Seeds/dataset/m.yml")
        let spec = parser.parse(yaml)
        return (spec, parser.issues.map(\.description))
    }

    @Test("every rule kind parses, with the column's mark")
    func rules() throws {
        let (spec, issues) = parse(
            """
            tables:
              t:
                parent: {fk: session_id}
                rows: {fixture: 10, default: 1_000, per_parent: 1.5}
                columns:
                  a: done
                  b: {pick: [x, y]}
                  c: {weighted: {x: 3, y: 1}}
                  d: {int: 1..5}
                  e: {time: -30d..0d}
                  f: {after: parent.created_at, within: 2d}
                  g: {template: "{system} #{row}"}
                  h: {json: {source: {pick: [web, cli]}, tokens: {int: 8..400}, v: 1}}
                  i: {after: f}
            """)
        #expect(issues == [])
        let table = try #require(spec.tables.first)
        #expect(table.parent?.column == "session_id")
        #expect(table.rows?.count(profile: "default", parents: 7) == 1000)
        #expect(table.rows?.count(profile: "staging", parents: 10) == 15)
        #expect(table.columns.map(\.column) == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(table.columns[0].mark == SpecMark(file: "Seeds/dataset/m.yml", line: 6, column: 7))
        guard case .after(.parent("created_at"), let within) = table.columns[5].rule else {
            Issue.record("f is not after the parent")
            return
        }
        #expect(within == 2 * Timestamp.day)
        guard case .time(.relative(let from), .relative(0)) = table.columns[4].rule else {
            Issue.record("e is not a relative time range")
            return
        }
        #expect(from == -30 * Timestamp.day)
        guard case .template(let template) = table.columns[6].rule else {
            Issue.record("g is not a template")
            return
        }
        #expect(template.isInjective)
    }

    @Test("all problems in one pass, each FILE:LINE:COLUMN")
    func problems() {
        let (_, issues) = parse(
            """
            tables:
              t:
                parnt: {fk: x}
                columns:
                  a: {int: 5..1}
                  b: {pick: []}
                  c: {template: "{nope}"}
                  d: {after: x, within: soon}
                  e: {shuffle: [1]}
            extra: 1
            """)
        #expect(
            issues == [
                "Seeds/dataset/m.yml:3:5: t: unknown key 'parnt'; expected parent, rows or columns",
                "Seeds/dataset/m.yml:5:16: t.a: 'int' needs LOW..HIGH with LOW ≤ HIGH (within ±2^53), e.g. 1..100",
                "Seeds/dataset/m.yml:6:17: t.b: 'pick' needs a non-empty list of scalars, e.g. [api, db, ui]",
                "Seeds/dataset/m.yml:7:21: t.c: template unknown slot {nope}; slots: {row}, {system}, {domain}, "
                    + "{technology}, {alternative}, {category}, {stage}, {number}, {pattern}",
                "Seeds/dataset/m.yml:8:29: t.d: 'within' must be a positive duration such as 90s, 30m, 12h or 3d",
                "Seeds/dataset/m.yml:9:10: t.e: expected one of value, pick, weighted, int, time, after, template, json",
                "Seeds/dataset/m.yml:10:1: unknown key 'extra'; the file has one key, 'tables:'",
            ])
    }

    @Test("a YAML syntax error keeps libyaml's line and column")
    func syntax() {
        let (_, issues) = parse("tables:\n  t: {columns: [\n")
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("Seeds/dataset/m.yml:3:") == true, "\(issues)")
    }

    @Test("random edits of a valid spec never crash, and every problem names the file")
    func fuzz() {
        let valid = Array(
            """
            tables:
              t:
                parent: {fk: s}
                rows: {default: 9, per_parent: 2}
                columns:
                  a: {int: -5..9223372036854775807}
                  b: {weighted: {x: 3, y: 0}}
                  c: {after: parent.created_at, within: 0s}
                  d: {json: {k: {time: 1..2}}}
                  e: {template: "{row"}
            """.unicodeScalars)
        let pieces: [String] = [
            "{", "}", "[", "]", ":", " ", "\n", "..", "-", "9", "'", "\"", "#", "&a", "*a", "\t",
        ]
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            var text = valid
            for _ in 0..<3 {
                state = CounterHash.mix(state)
                let at = Int(state % UInt64(text.count))
                let piece = pieces[Int((state >> 20) % UInt64(pieces.count))]
                if state & 1 == 0 {
                    text.remove(at: at)
                } else {
                    text.insert(contentsOf: piece.unicodeScalars, at: at)
                }
            }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text)
            var parser = DatasetSpecParser(file: "f.yml")
            _ = parser.parse(String(scalars))
            #expect(parser.issues.allSatisfy { $0.place.hasPrefix("f.yml") })
        }
    }

    @Test("durations", arguments: [("90s", 90), ("30m", 1800), ("12h", 43200), ("-3d", -259_200), ("0", 0)])
    func durations(text: String, seconds: Int64) {
        #expect(DatasetSpecParser.duration(text) == seconds * Timestamp.second)
    }

    @Test("field keys come from the column name alone, clear of the generators' field numbers")
    func fieldKeys() {
        #expect(CompiledColumn.fieldKey("owner_team") == CompiledColumn.fieldKey("owner_team"))
        #expect(CompiledColumn.fieldKey("owner_team") != CompiledColumn.fieldKey("priority"))
        #expect(CompiledColumn.fieldKey("a") >= 1 << 63)
    }
}
