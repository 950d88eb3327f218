/// The logical type of a seeded column; each writer encodes it for its backend.
enum ColumnType: Sendable {
    case uuid, text, integer, real, boolean, timestamp, json
}

/// The top-level JSON type of a JSON column's every value.
enum JSONRoot: String, Sendable {
    case array, object
}

/// A column the seeder writes.
struct Column: Sendable {
    let name: String
    let type: ColumnType
    let nullable: Bool
    /// For a built-in JSON column, what its generator always writes at the top level (SQLite's
    /// `json_type` CHECKs hold by construction; `GeneratedColumnFormatTests` keeps it true).
    let jsonRoot: JSONRoot?

    init(_ name: String, _ type: ColumnType, nullable: Bool = false, jsonRoot: JSONRoot? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.jsonRoot = jsonRoot
    }
}

/// A foreign key between seeded tables, and the time columns that must keep child after parent.
struct ParentLink: Sendable {
    /// The referencing column.
    let column: String
    /// The referenced table (logical name).
    let table: String
    /// The child's and the parent's time columns.
    let childTime: String
    let parentTime: String
}

/// One seeded table: logical name, columns in insert order, parent link.
struct SeededTable: Sendable {
    /// Logical name, e.g. `shared.design_jobs` (SQLite: `shared_design_jobs`).
    let name: String
    let columns: [Column]
    let parent: ParentLink?

    /// The table's name in `dialect`.
    func physicalName(_ dialect: Dialect) -> String { dialect.tableName(name) }
}

/// Every table `seedctl seed` fills, in load order (parents before children).
enum SeedSchema {
    static let designJobs = SeededTable(
        name: "shared.design_jobs",
        columns: [
            Column("id", .uuid), Column("project_id", .uuid), Column("status", .text), Column("title", .text),
            Column("created_at", .timestamp), Column("updated_at", .timestamp),
            Column("completed_at", .timestamp, nullable: true),
        ], parent: nil)
    static let designOutputs = SeededTable(
        name: "shared.design_outputs",
        columns: [
            Column("id", .uuid), Column("design_job_id", .uuid), Column("output_type", .text),
            Column("content", .text), Column("created_at", .timestamp),
        ], parent: link("design_job_id", designJobs, "created_at"))
    static let designDecisions = SeededTable(
        name: "shared.design_decisions",
        columns: [
            Column("id", .uuid), Column("design_job_id", .uuid), Column("question", .text),
            Column("decision", .text),
            Column("rationale", .text, nullable: true), Column("decided_at", .timestamp),
        ], parent: link("design_job_id", designJobs, "decided_at"))
    static let sessions = SeededTable(
        name: "tech_spec_sessions",
        columns: [
            Column("id", .uuid), Column("design_job_id", .uuid), Column("project_id", .uuid),
            Column("status", .text),
            Column("current_stage", .text), Column("progress_percentage", .integer),
            Column("created_at", .timestamp),
            Column("updated_at", .timestamp), Column("completed_at", .timestamp, nullable: true),
        ], parent: link("design_job_id", designJobs, "created_at"))
    static let research = SeededTable(
        name: "tech_research",
        columns: [
            Column("id", .uuid), Column("session_id", .uuid), Column("technology_category", .text),
            Column("options", .json, jsonRoot: .array), Column("selected_technology", .text, nullable: true),
            Column("decision_reason", .text, nullable: true), Column("created_at", .timestamp),
        ], parent: link("session_id", sessions, "created_at"))
    static let conversations = SeededTable(
        name: "tech_conversations",
        columns: [
            Column("id", .uuid), Column("session_id", .uuid), Column("role", .text), Column("content", .text),
            Column("metadata", .json, jsonRoot: .object), Column("created_at", .timestamp),
        ], parent: link("session_id", sessions, "created_at"))
    static let trds = SeededTable(
        name: "tech_trd_documents",
        columns: [
            Column("id", .uuid), Column("session_id", .uuid), Column("version", .integer),
            Column("content", .text),
            Column("quality_score", .real), Column("validation_report", .json, jsonRoot: .object),
            Column("created_at", .timestamp),
        ], parent: link("session_id", sessions, "created_at"))
    static let errorLogs = SeededTable(
        name: "tech_error_logs",
        columns: [
            Column("id", .uuid), Column("session_id", .uuid), Column("error_type", .text),
            Column("message", .text),
            Column("recovery_strategy", .text, nullable: true), Column("recovered", .boolean),
            Column("retry_count", .integer), Column("created_at", .timestamp),
        ], parent: link("session_id", sessions, "created_at"))
    static let patterns = SeededTable(
        name: "patterns",
        columns: [
            Column("id", .text), Column("category", .text), Column("title", .text),
            Column("usage_count", .integer),
            Column("success_count", .integer), Column("key_insight", .text), Column("when_to_use", .text),
            Column("common_pitfalls", .json, jsonRoot: .array), Column("created_at", .timestamp),
            Column("updated_at", .timestamp),
        ], parent: nil)

    /// All seeded tables, parents first.
    static let tables = [
        designJobs, designOutputs, designDecisions, sessions, research, conversations, trds, errorLogs,
        patterns,
    ]

    /// The table with this logical name; `design_jobs` also finds `shared.design_jobs`.
    static func table(named name: String) -> SeededTable? {
        tables.first { $0.name == name || $0.name == "shared." + name }
    }

    private static func link(_ column: String, _ parent: SeededTable, _ childTime: String) -> ParentLink {
        ParentLink(column: column, table: parent.name, childTime: childTime, parentTime: "created_at")
    }
}
