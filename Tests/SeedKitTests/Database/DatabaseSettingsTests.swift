import Foundation
import Testing

@testable import SeedKit

struct DatabaseSettingsTests {
    @Test(arguments: [
        ("DATABASE_URL=sqlite:a.db", "sqlite:a.db"),
        ("export DATABASE_URL = \"postgres://h/db\"", "postgres://h/db"),
        ("# DATABASE_URL=sqlite:commented.db\nDATABASE_URL='sqlite:b.db'", "sqlite:b.db"),
        ("A=1\r\n\r\n  DATABASE_URL=sqlite:c.db  \r\n", "sqlite:c.db"),
        ("DATABASE_URL=postgres://h/db?sslmode=require", "postgres://h/db?sslmode=require"),
        ("DATABASE_URL=\"bal'anced\"", "bal'anced"),
    ])
    func dotEnvValue(contents: String, value: String) throws {
        #expect(try DotEnv.value(of: "DATABASE_URL", in: contents) == value)
    }

    @Test(arguments: [
        "", "OTHER_DATABASE_URL=x\nDATABASE_URL_OLD=y", "#DATABASE_URL=sqlite:x.db",
    ])
    func dotEnvWithoutTheKey(contents: String) throws {
        #expect(try DotEnv.value(of: "DATABASE_URL", in: contents) == nil)
    }

    /// A `.env` line the reader cannot understand is refused with its line number: it may be the
    /// one meant to set the URL (issue 13, defect 10).
    @Test(arguments: [
        ("A=1\nDATABASE_URL", 2, "without '='"),
        ("DATABASE_URL=\"unbalanced'", 1, "closing quote"),
        ("\n\n9LIVES=1", 3, "not a variable name"),
        ("DATABASE URL=sqlite:x.db", 1, "not a variable name"),
    ])
    func unparsableDotEnvIsRefused(contents: String, line: Int, problem: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try DotEnv.value(of: "DATABASE_URL", in: contents)
        }
        #expect(error.description.hasPrefix(".env:\(line): "))
        #expect(error.description.contains(problem))
    }

    @Test(arguments: ["", "  ", "\n"])
    func emptyEnvironmentValueIsRefused(value: String) throws {
        try withTemporaryDirectory { directory in
            try writeFiles([".env": "DATABASE_URL=sqlite:dotenv.db\n"], in: directory)
            let error = try #require(throws: ConfigurationError.self) {
                try DatabaseSettings.resolve(
                    flag: nil, environment: ["DATABASE_URL": value], directory: directory)
            }
            #expect(error.description.hasPrefix("DATABASE_URL is set but empty"))
        }
    }

    @Test(arguments: ["DATABASE_URL=\n", "DATABASE_URL=''\n", "export DATABASE_URL=\"\" # unset\n"])
    func emptyDotEnvValueIsRefused(dotenv: String) throws {
        try withTemporaryDirectory { directory in
            try writeFiles([".env": dotenv], in: directory)
            let error = try #require(throws: ConfigurationError.self) {
                try DatabaseSettings.resolve(flag: nil, environment: [:], directory: directory)
            }
            #expect(error.description.hasPrefix(".env sets DATABASE_URL to nothing"))
        }
    }

    @Test func flagWinsOverEverything() throws {
        try withTemporaryDirectory { directory in
            try writeFiles([".env": "DATABASE_URL=sqlite:dotenv.db\n"], in: directory)
            let settings = try DatabaseSettings.resolve(
                flag: "sqlite:flag.db", environment: ["DATABASE_URL": "sqlite:env.db"], directory: directory)
            #expect(settings.source == .flag)
            #expect(settings.url.backend == .sqlite(path: "flag.db"))
        }
    }

    @Test func environmentWinsOverDotEnv() throws {
        try withTemporaryDirectory { directory in
            try writeFiles([".env": "DATABASE_URL=sqlite:dotenv.db\n"], in: directory)
            let settings = try DatabaseSettings.resolve(
                flag: nil, environment: ["DATABASE_URL": "sqlite:env.db"], directory: directory)
            #expect(settings.source == .environment)
            #expect(settings.url.backend == .sqlite(path: "env.db"))
        }
    }

    @Test(arguments: [[:], ["OTHER": "sqlite:other.db"]])
    func dotEnvWinsOverTheDefault(environment: [String: String]) throws {
        try withTemporaryDirectory { directory in
            try writeFiles([".env": "# local\nexport DATABASE_URL='sqlite:dotenv.db'\n"], in: directory)
            let settings = try DatabaseSettings.resolve(
                flag: nil, environment: environment, directory: directory)
            #expect(settings.source == .dotenv)
            #expect(settings.url.backend == .sqlite(path: "dotenv.db"))
        }
    }

    @Test(arguments: [nil, "OTHER=1\n"])
    func embeddedDefaultWhenNothingIsSet(dotenv: String?) throws {
        try withTemporaryDirectory { directory in
            if let dotenv { try writeFiles([".env": dotenv], in: directory) }
            let settings = try DatabaseSettings.resolve(flag: nil, environment: [:], directory: directory)
            #expect(settings.source == .embeddedDefault)
            #expect(settings.url.backend == .sqlite(path: "seedctl.db"))
            #expect(settings.url.description == "sqlite:seedctl.db")
        }
    }

    @Test func invalidURLFromTheWinningSourceThrows() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: ConfigurationError.self) {
                try DatabaseSettings.resolve(
                    flag: "mysql://h/db", environment: ["DATABASE_URL": "sqlite:env.db"], directory: directory
                )
            }
            try writeFiles([".env": "DATABASE_URL=seedctl.db\n"], in: directory)
            #expect(throws: ConfigurationError.self) {
                try DatabaseSettings.resolve(flag: nil, environment: [:], directory: directory)
            }
        }
    }
}

@Suite("DotEnv edge cases")
struct DotEnvEdgeCaseTests {
    @Test func lastLineWinsAndEmptyIsEmpty() throws {
        #expect(
            try DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL=sqlite:a.db\nDATABASE_URL=sqlite:b.db\n")
                == "sqlite:b.db")
        #expect(try DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL=\n") == "")
    }

    @Test func inlineCommentEndsAnUnquotedValueOnly() throws {
        #expect(
            try DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL=sqlite:a.db # local\n") == "sqlite:a.db")
        #expect(
            try DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL='sqlite:a #b.db' # local\n")
                == "sqlite:a #b.db")
    }
}
