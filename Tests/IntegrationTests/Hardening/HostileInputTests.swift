import Foundation
import Testing

/// A careless or hostile user's files, flags, URLs and environment (issue 13): no crash, every
/// refusal one line `seedctl: error: …` with its documented exit code, and the database the
/// command was pointed at unchanged (digest compared).
@Suite("hostile inputs (CLI)")
struct HostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let arguments: [String]
        /// Files written into the working directory (path → contents).
        var files: [String: Data] = [:]
        var environment: [String: String] = [:]
        /// Pass the seeded database with --database-url.
        var pointAtDatabase = true
        let status: Int32
        /// Texts the one line must contain.
        var mentions: [String] = []
        /// Texts that must appear nowhere in the output.
        var never: [String] = []

        var testDescription: String { label }
    }

    static let profiles = try? Data(contentsOf: URL(fileURLWithPath: Repository.seeds + "/profiles.yml"))
    static let vocabulary = try? Data(contentsOf: URL(fileURLWithPath: Repository.seeds + "/vocabulary.yml"))

    /// A seeds folder `s/` with `profiles.yml` replaced.
    static func profilesFile(_ yaml: String) -> [String: Data] {
        ["s/profiles.yml": Data(yaml.utf8), "s/vocabulary.yml": vocabulary ?? Data()]
    }

    /// A seeds folder `s/` with `vocabulary.yml` replaced.
    static func vocabularyFile(_ yaml: String) -> [String: Data] {
        ["s/profiles.yml": profiles ?? Data(), "s/vocabulary.yml": Data(yaml.utf8)]
    }

    static let catalog = Repository.seeds + "/catalog.sql"
    static let seedA = ["seed", "--seeds", "s", "--profile", "a", "--clear"]
    static let seedFixture = ["seed", "--seeds", "s", "--profile", "fixture", "--clear"]

    static let cases: [Case] = [
        // Environment and .env (defect 10).
        Case(
            label: "empty DATABASE_URL", arguments: ["clear"], environment: ["DATABASE_URL": ""],
            pointAtDatabase: false, status: 3, mentions: ["DATABASE_URL is set but empty"]),
        Case(
            label: "blank DATABASE_URL", arguments: ["verify"], environment: ["DATABASE_URL": "  "],
            pointAtDatabase: false, status: 3, mentions: ["DATABASE_URL is set but empty"]),
        Case(
            label: ".env sets DATABASE_URL to nothing", arguments: ["clear"],
            files: [".env": Data("DATABASE_URL=\n".utf8)], pointAtDatabase: false, status: 3,
            mentions: [".env sets DATABASE_URL to nothing"]),
        Case(
            label: ".env with an unterminated quote", arguments: ["clear"],
            files: [".env": Data("# local\nDATABASE_URL='sqlite:x.db\n".utf8)], pointAtDatabase: false,
            status: 3,
            mentions: [".env:2:", "closing quote"]),
        Case(
            label: ".env that is not UTF-8", arguments: ["verify"],
            files: [".env": Data([0xFF, 0xFE, 0x00, 0x41])],
            pointAtDatabase: false, status: 3, mentions: [".env", "UTF-8"]),
        Case(
            label: ".env with a secret in an unsupported URL", arguments: ["clear"],
            files: [".env": Data("DATABASE_URL=Sup3rS3cret\n".utf8)], pointAtDatabase: false, status: 3,
            never: ["Sup3r", "S3cret"]),
        // URLs (defects 3 and 12).
        Case(
            label: "password with a raw '@'",
            arguments: ["verify", "--database-url", "postgres://app2:p@ss:w/rd%40x@host/db"],
            pointAtDatabase: false, status: 3, mentions: ["percent-encode"],
            never: ["p@ss", "ss:w", "rd%40x"]),
        Case(
            label: "broken conninfo", arguments: ["verify", "--database-url", "password=Sup3r-S3cret! host"],
            pointAtDatabase: false, status: 3, mentions: ["invalid PostgreSQL connection string"],
            never: ["Sup3r", "S3cret"]),
        Case(
            label: "sqlite without a path", arguments: ["clear", "--database-url", "sqlite:"],
            pointAtDatabase: false,
            status: 3),
        Case(
            label: "clear a missing SQLite file",
            arguments: ["clear", "--database-url", "sqlite:missing.db"],
            pointAtDatabase: false, status: 2, mentions: ["no SQLite database at 'missing.db'"]),
        Case(
            label: "verify a missing SQLite file",
            arguments: ["verify", "--database-url", "sqlite:missing.db"],
            pointAtDatabase: false, status: 2, mentions: ["no SQLite database at 'missing.db'"]),
        Case(
            label: "bench a missing SQLite file",
            arguments: ["bench", "--catalog", catalog, "--database-url", "sqlite:missing.db"],
            pointAtDatabase: false, status: 2, mentions: ["no SQLite database"]),
        Case(
            label: "a text file as the database",
            arguments: ["verify", "--database-url", "sqlite:notes.txt"],
            files: ["notes.txt": Data(String(repeating: "not a database\n", count: 200).utf8)],
            pointAtDatabase: false,
            status: 2, mentions: ["notes.txt", "not a SQLite database"]),
        // profiles.yml and vocabulary.yml (defect 7).
        Case(
            label: "negative count", arguments: seedA,
            files: profilesFile("profiles:\n  a:\n    counts:\n      patterns: -5\n"), status: 3,
            mentions: ["s/profiles.yml:4:", "-5"]),
        Case(
            label: "absurd count", arguments: seedA,
            files: profilesFile("profiles:\n  a:\n    counts:\n      patterns: 99999999999999999999\n"),
            status: 3,
            mentions: ["s/profiles.yml:4:"]),
        Case(
            label: "tab in profiles.yml", arguments: seedA,
            files: profilesFile("profiles:\n  a:\n\tcounts: {patterns: 1}\n"), status: 3,
            mentions: ["s/profiles.yml:3:", "tabs"]),
        Case(
            label: "duplicate profile", arguments: seedA,
            files: profilesFile(
                "profiles:\n  a:\n    counts: {patterns: 1}\n  a:\n    counts: {patterns: 2}\n"),
            status: 3, mentions: ["s/profiles.yml:", "twice"]),
        Case(
            label: "empty profiles.yml", arguments: seedA, files: profilesFile(""), status: 3,
            mentions: ["s/profiles.yml:1:", "empty"]),
        Case(
            label: "wrong type in profiles.yml", arguments: seedA,
            files: profilesFile("profiles:\n  a:\n    counts: [1, 2]\n"), status: 3,
            mentions: ["s/profiles.yml:3:"]),
        Case(
            label: "empty vocabulary.yml", arguments: seedFixture, files: vocabularyFile("\n"), status: 3,
            mentions: ["s/vocabulary.yml:1:", "empty"]),
        Case(
            label: "wrong type in vocabulary.yml", arguments: seedFixture,
            files: vocabularyFile("domains: 5\n"),
            status: 3, mentions: ["s/vocabulary.yml:1:", "'domains'"]),
        // Flags.
        Case(
            label: "--as-of 0001-01-01", arguments: ["seed", "--as-of", "0001-01-01", "--clear"], status: 64,
            mentions: ["--as-of"]),
        Case(
            label: "--scale 1e300",
            arguments: [
                "seed", "--seeds", Repository.seeds, "--profile", "fixture", "--scale", "1e300", "--clear",
            ], status: 3,
            mentions: ["--scale"]),
        Case(
            label: "--count negative",
            arguments: [
                "seed", "--seeds", Repository.seeds, "--profile", "fixture", "--count", "patterns=-1",
                "--clear",
            ], status: 3),
        Case(
            label: "--rate 1e-300", arguments: ["bench", "--rate", "1e-300"], status: 64, mentions: ["--rate"]
        ),
        Case(
            label: "--duration of years", arguments: ["bench", "--duration", "99999999h"], status: 64,
            mentions: ["--duration"]),
        Case(
            label: "--stages past a double", arguments: ["bench", "--stages", "1e400s:1"], status: 64,
            mentions: ["--stages"]),
        Case(label: "--max-error-rate nan", arguments: ["bench", "--max-error-rate", "nan"], status: 64),
        Case(
            label: "threshold on an unknown query",
            arguments: ["bench", "--catalog", catalog, "--threshold", "nope:p(95)<5ms"],
            status: 3,
            mentions: ["'nope'"]),
        Case(
            label: "empty catalog", arguments: ["bench", "--catalog", "empty.sql"],
            files: ["empty.sql": Data()],
            status: 3),
        Case(
            label: "binary catalog", arguments: ["bench", "--catalog", "bin.sql"],
            files: ["bin.sql": Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })], status: 3),
    ]

    @Test("refused in one line with its exit code, database unchanged", arguments: cases)
    func refusal(_ sample: Case) throws {
        let database = try TestDatabase.seededFixture(.sqlite)
        let before = try database.digest()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, contents) in sample.files {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file)
        }
        let arguments = sample.arguments + (sample.pointAtDatabase ? ["--database-url", database.url] : [])
        let result = try CLI.run(arguments, in: directory, environment: sample.environment)
        #expect(result.status == sample.status, "\(result.output)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.stderr)")
        #expect(result.stderr.hasPrefix("seedctl: error: "), "\(result.stderr)")
        for text in sample.mentions {
            #expect(result.stderr.contains(text), "\(result.stderr)")
        }
        for text in sample.never {
            #expect(!result.output.contains(text), "\(result.output)")
        }
        #expect(try database.digest() == before, "the database is unchanged")
        for name in ["missing.db", "seedctl.db"] {
            #expect(
                !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path),
                "no database file created")
        }
    }
}
