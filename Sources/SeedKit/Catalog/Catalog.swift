import Foundation

/// A query catalog: the queries of one catalog file, and the file they came from.
///
/// Explain and bench both run a catalog, or the queries of it the user names.
public struct Catalog: Sendable, Equatable {
    /// The queries, in the order the file defines them.
    public let queries: [CatalogQuery]
    /// The catalog file as the caller named it (a relative path stays relative), for messages.
    public let file: String

    /// A catalog of `queries` read from `file`.
    public init(queries: [CatalogQuery], file: String) {
        self.queries = queries
        self.file = file
    }

    /// Reads and parses the catalog file at `url`.
    ///
    /// - Throws: `ConfigurationError` when the file cannot be read or a block is malformed.
    public init(contentsOf url: URL) throws {
        self.init(queries: try CatalogParser.load(contentsOf: url), file: url.relativePath)
    }

    /// The queries called one of `names`, in catalog order; every query when `names` is empty.
    ///
    /// - Throws: `ConfigurationError` naming the first unknown name, the catalog file and the
    ///   names the catalog has.
    public func selecting(_ names: [String]) throws -> [CatalogQuery] {
        guard !names.isEmpty else { return queries }
        let known = Set(queries.map(\.name))
        if let unknown = names.first(where: { !known.contains($0) }) {
            let available = queries.map(\.name).joined(separator: ", ")
            throw ConfigurationError("no query named '\(unknown)' in \(file); it has: \(available)")
        }
        let wanted = Set(names)
        return queries.filter { wanted.contains($0.name) }
    }
}
