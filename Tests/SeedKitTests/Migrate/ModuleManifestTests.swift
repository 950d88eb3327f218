import Testing

@testable import SeedKit

struct ModuleManifestTests {
    typealias Module = ModuleManifest.Module

    @Test func parsesModulesInDeclarationOrder() throws {
        let yaml = """
            modules:
              - name: tech_spec
                requires: [design]
              - name: design
              - name: patterns
                requires: []
            """
        let manifest = try ModuleManifest(yaml: yaml, path: "modules.yml")
        #expect(
            manifest.modules == [
                Module(name: "tech_spec", requires: ["design"]), Module(name: "design"),
                Module(name: "patterns"),
            ])
    }

    @Test(arguments: [
        ("modules: [", "unclosed list"),
        ("modules:\n  - requires: [design]\n", "missing name"),
        ("modules: design\n", "not a list"),
        ("modules:\n  - name: a\n    requires: design\n", "requires not a list"),
        ("name: design\n", "no modules key"),
    ])
    func malformedYAMLNamesTheFile(yaml: String, _ why: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ModuleManifest(yaml: yaml, path: "/m/modules.yml")
        }
        #expect(error.description.contains("/m/modules.yml"), "\(why)")
    }

    /// Declared modules (name and requires) and the order they must be migrated in.
    @Test(arguments: [
        (
            [("tech_spec", ["design"]), ("design", []), ("patterns", [])],
            ["design", "tech_spec", "patterns"]
        ),
        ([("a", []), ("b", []), ("c", [])], ["a", "b", "c"]),
        ([("c", ["b"]), ("b", ["a"]), ("a", [])], ["a", "b", "c"]),
        ([("a", ["c"]), ("b", []), ("c", [])], ["b", "c", "a"]),
        ([("d", ["b", "c"]), ("c", ["a"]), ("b", ["a"]), ("a", [])], ["a", "c", "b", "d"]),
    ])
    func orderedModulesPutsRequirementsFirst(declared: [(String, [String])], order: [String]) throws {
        let manifest = ModuleManifest(modules: declared.map { Module(name: $0.0, requires: $0.1) })
        #expect(try manifest.orderedModules().map(\.name) == order)
    }

    @Test(arguments: [
        ([("gamma", []), ("alpha", ["beta"]), ("beta", ["alpha"])], ["alpha", "beta"], ["gamma"]),
        ([("selfish", ["selfish"]), ("other", [])], ["selfish"], ["other"]),
        ([("tech_spec", ["design"])], ["tech_spec", "design"], []),
        ([("design", []), ("patterns", []), ("design", [])], ["design"], ["patterns"]),
    ])
    func invalidDependenciesNameTheModules(
        declared: [(String, [String])], named: [String], notNamed: [String]
    ) throws {
        let manifest = ModuleManifest(modules: declared.map { Module(name: $0.0, requires: $0.1) })
        let error = try #require(throws: ConfigurationError.self) { try manifest.orderedModules() }
        for name in named { #expect(error.description.contains(name)) }
        for name in notNamed { #expect(!error.description.contains(name)) }
    }
}
