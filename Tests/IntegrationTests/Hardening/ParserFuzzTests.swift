import Foundation
import Testing

@testable import SeedKit

/// No input reaches a runtime trap (issue 13, defect 7): every parser seedctl owns, fed random
/// and mutated inputs, returns a value or throws `ConfigurationError`. A crash fails the whole
/// test process, so reaching the end is the assertion; each test also counts that some inputs
/// were refused and some accepted, so the inputs do exercise both paths.
@Suite("parsers under fuzzing")
struct ParserFuzzTests {
    /// Mutations of `seeds`: characters replaced, inserted, deleted, lines duplicated or cut,
    /// and syntax-heavy random text.
    static func mutations(of seeds: [String], count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        let syntax = Array(":/%?#=@'\" \t\n-[]{}(),.<>*&!|\\0123456789")
        return (0..<count).map { _ in
            var text = Array(seeds.randomElement(using: &random) ?? "")
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let pick = Int.random(in: 0..<6, using: &random)
                let position = text.isEmpty ? 0 : Int.random(in: 0..<text.count, using: &random)
                switch pick {
                case 0 where !text.isEmpty: text[position] = syntax.randomElement(using: &random) ?? "x"
                case 1: text.insert(syntax.randomElement(using: &random) ?? "x", at: position)
                case 2 where !text.isEmpty: text.remove(at: position)
                case 3:
                    text.insert(
                        contentsOf: Array(random.printable(count: Int.random(in: 1...12, using: &random))),
                        at: position)
                case 4 where !text.isEmpty: text = Array(text[..<position])
                default: text += Array(seeds.randomElement(using: &random) ?? "")
                }
            }
            return String(text)
        } + (0..<(count / 4)).map { _ in random.printable(count: Int.random(in: 0...60, using: &random)) }
    }

    /// Runs `parse` over `inputs`; only `ConfigurationError` may be thrown.
    static func fuzz(_ inputs: [String], _ parse: (String) throws -> Bool) -> (accepted: Int, refused: Int) {
        var accepted = 0
        var refused = 0
        for input in inputs {
            do {
                if try parse(input) { accepted += 1 } else { refused += 1 }
            } catch is ConfigurationError {
                refused += 1
            } catch {
                Issue.record("\(input.debugDescription) threw \(type(of: error)): \(error)")
            }
        }
        return (accepted, refused)
    }

    @Test func thresholds() {
        let inputs = Self.mutations(
            of: [
                "p(95)<50ms", "errors<1%", "tps>500", "session_by_id:p(99.9)<=5ms", "pool_wait_p95<5ms",
                "max<1s",
            ],
            count: 3000, seed: 1)
        let counts = Self.fuzz(inputs) {
            _ = try Threshold(parsing: $0)
            return true
        }
        #expect(counts.accepted > 0 && counts.refused > 0)
    }

    @Test func stagesAndDurations() {
        let inputs = Self.mutations(
            of: ["30s:100,60s:100,30s:0", "1s:4,1s:8", "500ms:1", "2m:10,1h:0"], count: 3000, seed: 2)
        let counts = Self.fuzz(inputs) { text in
            _ = BenchSettings.seconds(text)
            _ = try BenchStage.list(parsing: text)
            return true
        }
        #expect(counts.accepted > 0 && counts.refused > 0)
    }

    @Test func urls() {
        let inputs = Self.mutations(
            of: [
                "postgres://u:p%40ss@h:5432/db?sslmode=require", "postgresql:///db?host=/var/run/postgresql",
                "host=h port=5432 dbname=db user=u password='a b'", "sqlite:seedctl.db", "sqlite:///abs/x.db",
                "postgres://[::1]:5432/db", "postgres://h1:5432,h2:5433/db?target_session_attrs=any",
            ], count: 3000, seed: 3)
        let counts = Self.fuzz(inputs) {
            _ = try DatabaseURL($0).description
            return true
        }
        #expect(counts.accepted > 0 && counts.refused > 0)
    }

    @Test func partsAndTimestamps() {
        let inputs = Self.mutations(
            of: ["1/4", "4/4", "2026-01-01", "2026-01-01T12:30:00Z", "9/10"], count: 3000, seed: 4)
        let counts = Self.fuzz(inputs) { text in
            let part = SeedPart(text)
            if let part { _ = SeedPart(index: part.index, count: part.count) }
            return part != nil || Timestamp(parsing: text) != nil
        }
        #expect(counts.accepted > 0 && counts.refused > 0)
    }

    @Test func catalogs() throws {
        let catalog = try String(
            contentsOf: URL(fileURLWithPath: Repository.seeds + "/catalog.sql"), encoding: .utf8)
        let blocks = catalog.components(separatedBy: "\n\n")
        let inputs = Self.mutations(of: blocks + [catalog], count: 1500, seed: 5)
        let counts = Self.fuzz(inputs) { text in
            _ = try CatalogParser.parse(text, path: "catalog.sql")
            return true
        }
        #expect(counts.accepted > 0 && counts.refused > 0)
    }

    @Test func profilesFiles() throws {
        let profiles = try String(
            contentsOf: URL(fileURLWithPath: Repository.seeds + "/profiles.yml"), encoding: .utf8)
        let lines = profiles.split(separator: "\n").map(String.init)
        let inputs = Self.mutations(of: [profiles] + lines, count: 400, seed: 6)
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("profiles.yml")
        let counts = Self.fuzz(inputs) { text in
            try Data(text.utf8).write(to: file)
            for profile in try ProfileCatalog(contentsOf: file).profiles {
                try profile.scaled(by: 1e12).validate()
            }
            return true
        }
        #expect(counts.refused > 0)
    }

    @Test func vocabularyFiles() throws {
        let vocabulary = try String(
            contentsOf: URL(fileURLWithPath: Repository.seeds + "/vocabulary.yml"), encoding: .utf8)
        let inputs = Self.mutations(of: [vocabulary], count: 150, seed: 7)
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("vocabulary.yml")
        let counts = Self.fuzz(inputs) { text in
            try Data(text.utf8).write(to: file)
            _ = try Vocabulary.load(contentsOf: file)
            return true
        }
        #expect(counts.refused > 0)
    }
}
