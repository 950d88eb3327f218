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
        ("DATABASE_URL=\"unbalanced'", "\"unbalanced'"),
    ])
    func dotEnvValue(contents: String, value: String) {
        #expect(DotEnv.value(of: "DATABASE_URL", in: contents) == value)
    }

    @Test(arguments: [
        "", "OTHER_DATABASE_URL=x\nDATABASE_URL_OLD=y", "#DATABASE_URL=sqlite:x.db", "DATABASE_URL",
    ])
    func dotEnvWithoutTheKey(contents: String) {
        #expect(DotEnv.value(of: "DATABASE_URL", in: contents) == nil)
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

    @Test(arguments: [[:], ["DATABASE_URL": ""], ["OTHER": "sqlite:other.db"]])
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
    @Test func lastLineWinsAndEmptyIsUnset() {
        #expect(
            DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL=sqlite:a.db\nDATABASE_URL=sqlite:b.db\n")
                == "sqlite:b.db")
        #expect(DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL=\n") == nil)
    }

    @Test func inlineCommentEndsAnUnquotedValueOnly() {
        #expect(DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL=sqlite:a.db # local\n") == "sqlite:a.db")
        #expect(
            DotEnv.value(of: "DATABASE_URL", in: "DATABASE_URL='sqlite:a #b.db' # local\n")
                == "sqlite:a #b.db")
    }
}
