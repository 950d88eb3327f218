import Foundation
import Yams

/// The modules a migrations folder declares and what each requires (`modules.yml`).
struct ModuleManifest: Sendable, Equatable {
    /// One module: its name and the modules that must be migrated before it.
    struct Module: Sendable, Equatable, Decodable {
        var name: String
        var requires: [String]
        /// The dialects it has migrations for (`dialects: [postgres]`); every dialect when absent.
        var dialects: [Dialect]

        init(name: String, requires: [String] = [], dialects: [Dialect] = Dialect.allCases) {
            self.name = name
            self.requires = requires
            self.dialects = dialects
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            requires = try container.decodeIfPresent([String].self, forKey: .requires) ?? []
            let names = try container.decodeIfPresent([String].self, forKey: .dialects)
            dialects =
                try names.map { names in
                    try names.map { name in
                        guard let dialect = Dialect(rawValue: name.lowercased()) else {
                            throw DecodingError.dataCorruptedError(
                                forKey: .dialects, in: container,
                                debugDescription: "unknown dialect '\(name)' (postgres or sqlite)")
                        }
                        return dialect
                    }
                } ?? Dialect.allCases
        }

        private enum CodingKeys: String, CodingKey { case name, requires, dialects }
    }

    /// Modules in declaration order, which breaks ties in the plan.
    var modules: [Module]

    init(modules: [Module]) {
        self.modules = modules
    }

    /// Parses the YAML text of a manifest; `path` names it in errors, with the line (`YAMLFile`).
    init(yaml: String, path: String) throws {
        struct File: Decodable { var modules: [Module] }
        modules = try YAMLFile.decode(
            File.self, from: yaml, url: URL(fileURLWithPath: path),
            expected: "'modules:' with a list of '- name: … requires: […]'"
        ).modules
    }

    /// Modules in dependency order: every module after those it requires, ties in declaration order.
    func orderedModules() throws -> [Module] {
        let names = Set(modules.map(\.name))
        var seen = Set<String>()
        for module in modules {
            guard seen.insert(module.name).inserted else {
                throw ConfigurationError("module '\(module.name)' is declared twice in modules.yml")
            }
            for required in module.requires where !names.contains(required) {
                throw ConfigurationError(
                    "module '\(module.name)' requires '\(required)', which modules.yml does not declare")
            }
        }
        var ordered: [Module] = []
        var placed = Set<String>()
        while ordered.count < modules.count {
            guard
                let next = modules.first(where: {
                    !placed.contains($0.name) && $0.requires.allSatisfy(placed.contains)
                })
            else {
                let cycle = modules.filter { !placed.contains($0.name) }.map(\.name)
                throw ConfigurationError(
                    "modules.yml has a dependency cycle among: \(cycle.joined(separator: ", "))")
            }
            ordered.append(next)
            placed.insert(next.name)
        }
        return ordered
    }
}
