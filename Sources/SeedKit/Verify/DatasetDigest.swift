import Crypto
import Foundation

/// An order-independent digest of every seeded row: each row's canonical values are hashed
/// with SHA-256 and the hashes summed per table, so the row order on disk does not matter but
/// every value, and every duplicate, does.
public struct DatasetDigest: Sendable {
    /// One table's share of the digest.
    public struct TableDigest: Sendable, Codable {
        public let table: String
        public let rows: Int
        public let sum: String
    }

    public let tables: [TableDigest]

    /// The dataset digest: SHA-256 over the table digests, hex.
    public var value: String {
        let text = tables.map { "\($0.table)\t\($0.rows)\t\($0.sum)\n" }.joined()
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads every seeded table of `connection`.
    public static func compute(_ connection: any Connection) throws -> DatasetDigest {
        if connection.dialect == .postgres {
            try connection.execute(
                script: "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET extra_float_digits = 1")
        }
        return DatasetDigest(tables: try SeedSchema.tables.map { try digest($0, connection) })
    }

    private static func digest(_ table: SeededTable, _ connection: any Connection) throws -> TableDigest {
        let columns = table.columns.map(\.name).joined(separator: ", ")
        var low: UInt64 = 0
        var high: UInt64 = 0
        var rows = 0
        var line: [UInt8] = []
        try connection.forEachRow("SELECT \(columns) FROM \(table.physicalName(connection.dialect))") { row in
            line.removeAll(keepingCapacity: true)
            for (index, column) in table.columns.enumerated() {
                if index > 0 { line.append(0x1F) }
                if let text = try CanonicalValue.text(row[index], of: column, in: table) {
                    line += text.utf8
                } else {
                    line.append(0x00)
                }
            }
            let hash = Array(SHA256.hash(data: line))
            low &+= hash[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            high &+= hash[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
            rows += 1
        }
        return TableDigest(table: table.name, rows: rows, sum: String(format: "%016llx%016llx", high, low))
    }
}
