import Crypto
import Foundation

/// One migration file: `Migrations/<dialect>/<module>/<version>_<name>.sql`.
public struct Migration: Sendable, Hashable {
    /// The module it belongs to.
    public let module: String
    /// Its version, unique within the module.
    public let version: Int
    /// The name part of the file name.
    public let name: String
    /// The file, for messages.
    public let path: String
    /// The SQL text.
    public let sql: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public let checksum: String

    /// `module/version`, the identifier `--to` takes, e.g. `design/0001`.
    public var id: String { "\(module)/\(String(format: "%04d", version))" }

    /// False when the file's header says `-- seedctl:no-transaction`.
    public var runsInTransaction: Bool {
        for line in sql.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { return true }
            if trimmed.replacingOccurrences(of: " ", with: "") == "--seedctl:no-transaction" { return false }
        }
        return true
    }

    public init(module: String, version: Int, name: String, path: String, data: Data) {
        self.module = module
        self.version = version
        self.name = name
        self.path = path
        self.sql = String(decoding: data, as: UTF8.self)
        self.checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Splits `0003_add_index.sql` into version 3 and name `add_index`; nil for other names.
    static func parseFileName(_ fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_"),
            stem[..<underscore].allSatisfy({ $0.isASCII && $0.isNumber }),
            let version = Int(stem[..<underscore]), version > 0
        else { return nil }
        let name = String(stem[stem.index(after: underscore)...])
        return name.isEmpty ? nil : (version, name)
    }
}
