import Foundation
import Yams

/// Decodes a YAML file seedctl reads (`profiles.yml`, `vocabulary.yml`, `modules.yml`) and turns every way it
/// can be wrong (a tab, a duplicate key, a wrong type, an empty file) into one line that starts
/// with `FILE:LINE`.
enum YAMLFile {
    /// The file's text; a missing or unreadable file says `missing`.
    static func text(of url: URL, missing: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigurationError(missing)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(url.path): not UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// Decodes `type` from `yaml`, read from `url`; `expected` describes the file's shape.
    static func decode<T: Decodable>(_ type: T.Type, from yaml: String, url: URL, expected: String) throws
        -> T
    {
        let path = url.path
        guard yaml.contains(where: { !$0.isWhitespace }) else {
            throw ConfigurationError("\(path):1: the file is empty; expected \(expected)")
        }
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigurationError("\(path):1: the file holds no YAML document; expected \(expected)")
            }
            return try YAMLDecoder().decode(type, from: node)
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError(describe(error, path: path, yaml: yaml))
        } catch let error as DecodingError {
            throw ConfigurationError(
                describe(error, path: path, root: try? Yams.compose(yaml: yaml)) + "; expected \(expected)")
        } catch {
            throw ConfigurationError("\(path): not valid YAML; expected \(expected)")
        }
    }

    private static func describe(_ error: YamlError, path: String, yaml: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            let hasTab = mark.line >= 1 && mark.line <= lines.count && lines[mark.line - 1].contains("\t")
            let advice = hasTab || problem.contains("tab") ? "; indent with spaces, not tabs" : ""
            return "\(path):\(mark.line): \(problem)\(advice)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "\(path):\(context.mark.line): key \(keys) appears twice in one mapping; keep one"
        case .reader(let problem, _, _, _):
            return "\(path): \(problem); save it as UTF-8 text"
        default:
            return "\(path): not valid YAML"
        }
    }

    private static func describe(_ error: DecodingError, path: String, root: Node?) -> String {
        func at(_ codingPath: [any CodingKey]) -> String {
            let line = root.flatMap { node(at: codingPath, in: $0)?.mark?.line }
            let name = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(
                separator: ".")
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(name.isEmpty ? "the document" : "'\(name)'")"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(at(context.codingPath)) should be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(at(context.codingPath)) is missing its value (\(describe(type)))"
        case .keyNotFound(let key, let context):
            return "\(at(context.codingPath)) lacks the key '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return "\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(path): not a valid file"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        let name = "\(type)"
        switch type {
        case is Int.Type: return "a whole number"
        case is String.Type: return "text"
        case is Double.Type: return "a number"
        default:
            if name.hasPrefix("Array") || name.contains("Sequence") { return "a list" }
            if name.hasPrefix("Dictionary") || name.contains("Mapping") { return "a mapping" }
            return name
        }
    }

    /// The line of the value at `keys` (mapping keys from the root), for messages about values.
    static func line(at keys: [String], in yaml: String) -> Int? {
        guard let root = try? Yams.compose(yaml: yaml) else { return nil }
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        return node(at: keys.map(Key.init(stringValue:)), in: root)?.mark?.line
    }

    /// The node a coding path leads to, or the deepest one found on the way.
    static func node(at codingPath: [any CodingKey], in root: Node) -> Node? {
        var current = root
        for key in codingPath {
            let next: Node? =
                switch current {
                case .mapping(let mapping): mapping[key.stringValue]
                case .sequence(let sequence):
                    key.intValue.flatMap { $0 < sequence.count ? sequence[$0] : nil }
                default: nil
                }
            guard let next else { return current }
            current = next
        }
        return current
    }
}
