import Crypto
import Foundation

extension CatalogQuery {
    /// A SHA-256 of what makes `queries` the same workload (names, SQL for both dialects,
    /// weights, writes, parameters), hex: `bench merge` refuses results whose digests differ.
    public static func digest(of queries: [CatalogQuery]) -> String {
        let text = queries.map { query in
            let parameters = query.parameters.map { "\($0.name)=\($0.source)" }.joined(separator: ";")
            return [
                query.name, query.sql, query.sqliteSQL ?? "", "\(query.weight)", "\(query.isWrite)",
                parameters,
            ].joined(separator: "\u{1F}")
        }.joined(separator: "\u{1E}")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
