/// A valid migrations folder: `tech_spec` requires `design`, `patterns` stands alone, and
/// `tech_spec` has versions 2 and 10 (so name order and version order differ).
enum MigrationFixtures {
    static let manifest = """
        modules:
          - name: tech_spec
            requires: [design]
          - name: design
          - name: patterns
        """

    /// Relative path → contents; every file says which dialect it belongs to.
    static var valid: [String: String] {
        var files = ["modules.yml": manifest]
        for dialect in ["postgres", "sqlite"] {
            for file in [
                "design/0001_create_shared.sql", "design/0002_add_decisions.sql", "tech_spec/2_sessions.sql",
                "tech_spec/10_research.sql", "patterns/0001_patterns.sql",
            ] {
                files["\(dialect)/\(file)"] = "-- \(dialect) \(file)\nSELECT 1;\n"
            }
        }
        return files
    }

    /// `valid` with some files added or replaced, and those mapped to nil removed.
    static func valid(changing changes: [String: String?]) -> [String: String] {
        var files = valid
        for (path, contents) in changes { files[path] = contents }
        return files
    }
}
