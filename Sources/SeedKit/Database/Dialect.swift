/// The SQL dialect a connection speaks.
public enum Dialect: String, Codable, Sendable, CaseIterable {
    case postgres
    case sqlite

    /// Physical name of a table: SQLite has no schemas, so `shared.design_jobs` is stored as
    /// `shared_design_jobs` there.
    public func tableName(_ logicalName: String) -> String {
        switch self {
        case .postgres: logicalName
        case .sqlite: logicalName.replacingOccurrences(of: ".", with: "_")
        }
    }
}
