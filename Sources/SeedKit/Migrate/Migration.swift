import Crypto
import Foundation

/// One migration of a module: a `<version>_<name>.sql` file (seedctl, dbmate or goose format,
/// up and down in one file) or a golang-migrate pair `<version>_<name>.up.sql` +
/// `<version>_<name>.down.sql`.
public struct Migration: Sendable, Hashable {
    /// The tool whose file layout the migration follows.
    public enum Format: String, Sendable, Hashable {
        /// Plain SQL, optionally `-- seedctl:up` / `-- seedctl:down` sections.
        case seedctl
        /// `-- migrate:up` / `-- migrate:down` sections.
        case dbmate
        /// `-- +goose Up` / `-- +goose Down` annotations.
        case goose
        /// A `.up.sql` / `.down.sql` pair.
        case golangMigrate = "golang-migrate"
    }

    /// The module it belongs to.
    public let module: String
    /// Its version, unique within the module (64-bit: timestamps such as 20230117143902 fit).
    public let version: Int
    /// The version as the file name writes it, e.g. `0001` or `20230117143902`.
    public let versionText: String
    /// The name part of the file name (may be empty: `20230117143902.sql`).
    public let name: String
    /// The file (the `.up.sql` one of a pair), for messages.
    public let path: String
    /// The layout the file follows.
    public let format: Format
    /// What `migrate` runs.
    public let up: MigrationScript
    /// What `migrate down` runs; nil when the migration has none (or an empty one).
    public let down: MigrationScript?
    /// SHA-256 (lowercase hex) of the up half, normalised: no byte-order mark, LF line ends,
    /// no trailing whitespace, one final newline.
    public let checksum: String
    /// SHA-256 of the up file's bytes as they are, which seedctl 0.1.0 recorded.
    public let legacyChecksum: String
    /// Why the migration cannot be applied (empty, unsupported meta-command …), if it cannot.
    public let refusal: String?

    /// `module/version` as written, the identifier `--to` takes, e.g. `design/0001`.
    public var id: String { "\(module)/\(versionText)" }

    /// `id` and name, e.g. `design/0001_create_shared_schema`.
    public var label: String { name.isEmpty ? id : "\(id)_\(name)" }

    /// False when the up half must run statement by statement outside a transaction.
    public var runsInTransaction: Bool { up.runsInTransaction }

    /// Whether the ledger's checksum is this file's (now or as 0.1.0 computed it).
    public func matches(checksum recorded: String) -> Bool {
        recorded == checksum || recorded == legacyChecksum
    }

    /// A single-file migration read from `data` (the file's bytes).
    public init(
        module: String, version: Int, versionText: String? = nil, name: String, path: String, data: Data,
        dialect: Dialect = .postgres
    ) {
        self.init(
            module: module, version: version, versionText: versionText, name: name,
            file: MigrationFile(path: path, data: data, dialect: dialect), downFile: nil)
    }

    init(
        module: String, version: Int, versionText: String?, name: String, file: MigrationFile,
        downFile: MigrationFile?
    ) {
        self.module = module
        self.version = version
        self.versionText = versionText ?? Self.display(version)
        self.name = name
        self.path = file.path
        if let downFile {
            format = .golangMigrate
            up = file.up
            down = downFile.up.isEmpty ? nil : downFile.up.with(path: downFile.path)
            refusal = file.refusal ?? (downFile.up.isEmpty ? nil : downFile.refusal)
        } else {
            format = file.format
            up = file.up
            down = file.down.flatMap { $0.isEmpty ? nil : $0 }
            refusal = file.refusal
        }
        checksum = Self.sha256(Self.normalised(Array(file.upText.utf8)))
        legacyChecksum = Self.sha256(file.data)
    }

    /// A version for display when no file writes it: at least four digits.
    public static func display(_ version: Int) -> String {
        let digits = String(version.magnitude)
        return (version < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The text the checksum covers: LF line ends, trailing whitespace dropped, one final newline.
    static func normalised(_ bytes: [UInt8]) -> Data {
        var result = Data(capacity: bytes.count + 1)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte != 0x0D || index + 1 >= bytes.count || bytes[index + 1] != 0x0A { result.append(byte) }
            index += 1
        }
        while let last = result.last, [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(last) {
            result.removeLast()
        }
        result.append(0x0A)
        return result
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// What a file name says: `0003_add_index.sql` → version 3, name `add_index`; a
    /// golang-migrate half (`1_x.up.sql`) also says which half. Nil for other names.
    static func parseFileName(_ fileName: String) -> (
        version: Int, versionText: String, name: String, half: Half?
    )? {
        guard fileName.lowercased().hasSuffix(".sql") else { return nil }
        var stem = Substring(fileName.dropLast(4))
        var half: Half?
        for candidate in [Half.up, .down] where stem.lowercased().hasSuffix(".\(candidate.rawValue)") {
            half = candidate
            stem = stem.dropLast(candidate.rawValue.count + 1)
        }
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let version = Int(digits) else { return nil }
        let rest = stem.dropFirst(digits.count)
        if rest.isEmpty { return (version, String(digits), "", half) }
        guard rest.first == "_", rest.count > 1 else { return nil }
        return (version, String(digits), String(rest.dropFirst()), half)
    }

    /// Which half of a golang-migrate pair a file is.
    enum Half: String { case up, down }
}

/// The statements of one half (up or down) of a migration.
public struct MigrationScript: Sendable, Hashable {
    /// The file they come from.
    public let path: String
    /// The file's text (without a byte-order mark); statement offsets point into it.
    public let text: String
    /// The statements and COPY data blocks, with pg_dump's `\restrict` lines removed.
    let statements: [StatementSplitter.Statement]
    /// False when the half runs statement by statement outside a transaction.
    public let runsInTransaction: Bool

    /// True when there is nothing to run.
    public var isEmpty: Bool { statements.isEmpty }

    func with(path: String) -> MigrationScript {
        MigrationScript(path: path, text: text, statements: statements, runsInTransaction: runsInTransaction)
    }

    /// `FILE:LINE:COLUMN` of a byte offset in the text.
    public func location(ofOffset offset: Int) -> String {
        "\(path):\(SourceLocation(utf8Offset: offset, in: text))"
    }
}
