import Foundation
import Testing

@testable import SeedKit

/// A backend the integration tests run against.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The throwaway cluster `make test` starts; required, so a PostgreSQL test never skips.
    static func postgresAdminURL() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["SEEDCTL_TEST_DATABASE_URL"],
            "SEEDCTL_TEST_DATABASE_URL is not set: run 'make test', which starts a throwaway PostgreSQL")
    }
}

/// A fresh, empty database on one backend, dropped when the test is done.
final class TestDatabase {
    let backend: Backend
    /// The URL the CLI and library use, with a password for PostgreSQL.
    let url: String
    private let cleanup: () -> Void

    init(_ backend: Backend) throws {
        self.backend = backend
        let name = "seedctl_test_\(UUID().uuidString.prefix(8).lowercased())"
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            url = "sqlite:" + directory.appendingPathComponent("test.db").path
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        case .postgres:
            let adminURL = try Backend.postgresAdminURL()
            let admin = try DatabaseURL(adminURL).connect()
            try admin.execute(script: "CREATE DATABASE \(name)")
            url = Self.replacingDatabase(in: adminURL, with: name)
            cleanup = {
                _ = try? admin.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    deinit { cleanup() }

    /// A new connection to this database.
    func connect() throws -> any Connection {
        try DatabaseURL(url).connect()
    }

    private static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}

extension TestDatabase {
    /// `pg_dump --data-only` of this PostgreSQL database, leaving out the tables matching
    /// `excluded`. The `\restrict` key is fixed, so two dumps of the same rows are equal
    /// (pg_dump 15.14+ picks a random key otherwise).
    func dataDump(excluding excluded: String) throws -> String {
        try pgDump(["--data-only", "--exclude-table=\(excluded)"])
    }

    /// `pg_dump --schema-only` of this PostgreSQL database but `seedctl_dataset` (which a seed
    /// creates), with a fixed `\restrict` key.
    func schemaDump() throws -> String {
        try pgDump(["--schema-only", "--exclude-table=seedctl_dataset"])
    }

    private func pgDump(_ options: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pg_dump"] + options + ["--restrict-key=seedctl", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
