import Testing

@testable import SeedKit

struct DatabaseURLTests {
    @Test(arguments: [
        "postgres://u:p@h:5432/db",
        "postgresql://h/db?sslmode=require",
        "postgresql:///db?host=/var/run/postgresql",
        "postgres://u@h/db?options=-c%20search_path%3Dx",
        "postgres://h1:5432,h2:5433/db?target_session_attrs=read-write",
    ])
    func postgresURIsPassToLibpqUntouched(_ string: String) throws {
        let url = try DatabaseURL(string)
        #expect(url.dialect == .postgres)
        #expect(url.backend == .postgres(conninfo: string))
    }

    @Test(arguments: [
        ("sqlite:seedctl.db", "seedctl.db"),
        ("sqlite:///abs/path.db", "/abs/path.db"),
        ("sqlite::memory:", ":memory:"),
        ("sqlite:data/dev.db", "data/dev.db"),
        ("  sqlite:spaced.db\n", "spaced.db"),
    ])
    func sqliteURLsGiveThePath(string: String, path: String) throws {
        let url = try DatabaseURL(string)
        #expect(url.dialect == .sqlite)
        #expect(url.backend == .sqlite(path: path))
    }

    @Test(arguments: [
        "mysql://u@h/db",
        "sqlite:",
        "sqlite://",
        "postgres://h:5432/db?nosuchoption=1",  // PQconninfoParse: invalid URI query parameter
        "postgres://h/db?sslmode",  // no '=' in a query parameter
        "seedctl.db",
        "",
    ])
    func rejectedURLsThrowConfigurationError(_ string: String) {
        #expect(throws: ConfigurationError.self) { try DatabaseURL(string) }
    }

    @Test func unsupportedSchemeIsNamed() throws {
        let error = try #require(throws: ConfigurationError.self) { try DatabaseURL("mysql://u@h/db") }
        #expect(error.description.contains("'mysql'"))
    }

    @Test(arguments: [
        (
            "host=h port=5432 dbname=db user=u password=Sup3r-S3cret!",
            "host=h port=5432 dbname=db user=u password=****"
        ),
        ("password='a b\\'c' host=/var/run/postgresql", "host=/var/run/postgresql password=****"),
        ("dbname = 'my db'", "dbname='my db'"),
    ])
    func libpqConninfoIsAcceptedAndMaskedByStructure(string: String, shown: String) throws {
        let url = try DatabaseURL(string)
        #expect(url.backend == .postgres(conninfo: string))
        #expect(url.description == shown)
    }

    @Test(arguments: [
        "postgres://app2:p@ss:w/rd%40x@host/db",  // '@' left unencoded: libpq would read "ss" as the host
        "postgres://u:pa/ss@host/db",  // '/' left unencoded: libpq would read "u:pa" as host:port
    ])
    func ambiguousUserinfoIsRefusedWithoutQuotingIt(_ string: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try DatabaseURL(string) }
        #expect(error.description.contains("percent-encode"))
        for fragment in ["p@ss", "ss:w", "rd%40", "pa/ss", "app2"] {
            #expect(!error.description.contains(fragment))
        }
    }

    @Test func aOneLetterPasswordMasksOnlyThePassword() throws {
        #expect(
            try DatabaseURL("postgres://app:p@db.example/app").description
                == "postgres://app:****@db.example/app")
    }

    @Test(arguments: ["password=Sup3r-S3cret!", "Sup3r-S3cret!", "hunter2 hunter3"])
    func garbageIsNeverEchoed(_ string: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try DatabaseURL(string + " host")
        }
        #expect(!error.description.contains("Sup3r") && !error.description.contains("hunter"))
    }

    /// A URL and the password as written in it (possibly percent-encoded) and as decoded.
    @Test(arguments: [
        ("postgres://u:s3cret@h:5432/db", "s3cret", "s3cret"),
        ("postgres://u:p%40ss@h/db", "p%40ss", "p@ss"),
        ("postgres://u:s3cr%2Ft%3A@h/db", "s3cr%2Ft%3A", "s3cr/t:"),
        ("postgresql://u@h/db?password=hunter2&sslmode=require", "hunter2", "hunter2"),
    ])
    func descriptionNeverContainsThePassword(string: String, written: String, decoded: String) throws {
        let description = try DatabaseURL(string).description
        #expect(!description.contains(written))
        #expect(!description.contains(decoded))
        #expect(description.contains("****"))
    }

    @Test func descriptionKeepsTheRestOfTheURL() throws {
        #expect(try DatabaseURL("postgres://u:s3cret@h:5432/db").description == "postgres://u:****@h:5432/db")
        #expect(try DatabaseURL("sqlite:///abs/path.db").description == "sqlite:/abs/path.db")
    }

    @Test(arguments: [
        ("postgres://u:p%40ss-word@h/db", "p%40ss-word"),  // '-' left unencoded, as RFC 3986 allows
        ("postgres://u:a%2fb@h/db", "a%2fb"),  // lowercase hex digits
    ])
    func descriptionHidesPasswordsEncodedOtherwise(string: String, written: String) throws {
        let description = try DatabaseURL(string).description
        #expect(!description.contains(written))
    }

    @Test(arguments: [
        "postgres://u:s3cret@h/db?sslmode",
        "postgres://u:s3cret@[::1/db",
        "postgres://u:s3cret@h/db?nosuchoption=1",
    ])
    func malformedURIErrorOmitsThePassword(_ string: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try DatabaseURL(string) }
        #expect(error.description.hasPrefix("invalid PostgreSQL URL"))
        #expect(!error.description.contains("s3cret"))
    }

    @Test func badPercentEncodingInThePasswordStaysOutOfTheError() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try DatabaseURL("postgres://u:s3cr%zzt@h/db")
        }
        #expect(!error.description.contains("s3cr"))
    }
}
