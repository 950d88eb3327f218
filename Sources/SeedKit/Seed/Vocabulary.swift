import Foundation
import Yams

/// Realistic words and templates the generators pick from (`Seeds/vocabulary.yml`).
///
/// Picks are by counter hash, so editing the file changes the data a seed produces.
public struct Vocabulary: Sendable, Decodable {
    public struct TechnologyCategory: Sendable, Decodable {
        public let name: String
        public let options: [String]
        public let pros: [String]
        public let cons: [String]
    }

    public struct Conversation: Sendable, Decodable {
        public let user: [Template]
        public let agent: [Template]
        public let system: [Template]
    }

    public struct ErrorType: Sendable, Decodable {
        public let type: String
        public let messages: [Template]
        public let recovery: [String]
    }

    public struct PatternCategory: Sendable, Decodable {
        public let name: String
        public let patterns: [String]
    }

    public let domains: [String]
    public let systems: [String]
    public let jobTitles: [Template]
    public let outputParagraphs: [Template]
    public let decisionQuestions: [Template]
    public let decisionAnswers: [Template]
    public let decisionRationales: [Template]
    public let stages: [String]
    public let technologyCategories: [TechnologyCategory]
    public let decisionReasons: [Template]
    public let conversation: Conversation
    public let models: [String]
    public let trdSections: [String]
    public let trdSentences: [Template]
    public let validationIssues: [String]
    public let errorTypes: [ErrorType]
    public let patternCategories: [PatternCategory]
    public let insights: [Template]
    public let whenToUse: [Template]
    public let pitfalls: [String]

    enum CodingKeys: String, CodingKey {
        case domains, systems, stages, conversation, models, pitfalls, insights
        case jobTitles = "job_titles", outputParagraphs = "output_paragraphs"
        case decisionQuestions = "decision_questions", decisionAnswers = "decision_answers"
        case decisionRationales = "decision_rationales", technologyCategories = "technology_categories"
        case decisionReasons = "decision_reasons", trdSections = "trd_sections", trdSentences = "trd_sentences"
        case validationIssues = "validation_issues", errorTypes = "error_types"
        case patternCategories = "pattern_categories", whenToUse = "when_to_use"
    }

    /// Reads and checks a vocabulary file.
    public init(contentsOf url: URL) throws {
        guard let yaml = try? String(contentsOf: url, encoding: .utf8) else {
            throw ConfigurationError("cannot read the vocabulary \(url.path); pass --seeds DIR or run from the project folder")
        }
        do {
            self = try YAMLDecoder().decode(Vocabulary.self, from: yaml)
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(url.path): \(error.description)")
        } catch {
            throw ConfigurationError("\(url.path): not a valid vocabulary (\(String(describing: error).prefix(160)))")
        }
        let lists: [(String, Int)] = [
            ("domains", domains.count), ("systems", systems.count), ("stages", stages.count),
            ("technology_categories", technologyCategories.count), ("models", models.count),
            ("error_types", errorTypes.count), ("pattern_categories", patternCategories.count),
            ("pitfalls", pitfalls.count), ("trd_sections", trdSections.count),
        ]
        for (name, count) in lists where count == 0 {
            throw ConfigurationError("\(url.path): '\(name)' must not be empty")
        }
    }
}
