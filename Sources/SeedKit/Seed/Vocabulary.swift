import Foundation
import Yams

/// Realistic words and templates the generators pick from (`Seeds/vocabulary.yml`).
///
/// Picks are by counter hash, so editing the file changes the data a seed produces. A class,
/// so the per-row slot closures share one instance instead of copying twenty arrays.
public final class Vocabulary: Sendable, Decodable {
    struct TechnologyCategory: Sendable, Decodable {
        let name: String
        let options: [String]
        let pros: [String]
        let cons: [String]
        /// `options`, `pros` and `cons` as JSON string literals (`jsonString`), quoted once here
        /// instead of once per generated row.
        let quotedOptions: [String]
        let quotedPros: [String]
        let quotedCons: [String]

        enum CodingKeys: String, CodingKey {
            case name, options, pros, cons
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            options = try container.decode([String].self, forKey: .options)
            pros = try container.decode([String].self, forKey: .pros)
            cons = try container.decode([String].self, forKey: .cons)
            quotedOptions = options.map(jsonString)
            quotedPros = pros.map(jsonString)
            quotedCons = cons.map(jsonString)
        }
    }

    struct Conversation: Sendable, Decodable {
        let user: [Template]
        let agent: [Template]
        let system: [Template]
    }

    struct ErrorType: Sendable, Decodable {
        let type: String
        let messages: [Template]
        let recovery: [String]
    }

    struct PatternCategory: Sendable, Decodable {
        let name: String
        let patterns: [String]
    }

    let domains: [String]
    let systems: [String]
    let jobTitles: [Template]
    let outputParagraphs: [Template]
    let decisionQuestions: [Template]
    let decisionAnswers: [Template]
    let decisionRationales: [Template]
    let stages: [String]
    /// Stages as words (`api_design` → `api design`), for templates.
    let stageWords: [String]
    let technologyCategories: [TechnologyCategory]
    let decisionReasons: [Template]
    let conversation: Conversation
    let models: [String]
    let trdSections: [String]
    let trdSentences: [Template]
    let validationIssues: [String]
    let errorTypes: [ErrorType]
    let patternCategories: [PatternCategory]
    let insights: [Template]
    let whenToUse: [Template]
    let pitfalls: [String]

    enum CodingKeys: String, CodingKey {
        case domains, systems, stages, conversation, models, pitfalls, insights
        case jobTitles = "job_titles"
        case outputParagraphs = "output_paragraphs"
        case decisionQuestions = "decision_questions"
        case decisionAnswers = "decision_answers"
        case decisionRationales = "decision_rationales"
        case technologyCategories = "technology_categories"
        case decisionReasons = "decision_reasons"
        case trdSections = "trd_sections"
        case trdSentences = "trd_sentences"
        case validationIssues = "validation_issues"
        case errorTypes = "error_types"
        case patternCategories = "pattern_categories"
        case whenToUse = "when_to_use"
    }

    public required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domains = try container.decode([String].self, forKey: .domains)
        systems = try container.decode([String].self, forKey: .systems)
        jobTitles = try container.decode([Template].self, forKey: .jobTitles)
        outputParagraphs = try container.decode([Template].self, forKey: .outputParagraphs)
        decisionQuestions = try container.decode([Template].self, forKey: .decisionQuestions)
        decisionAnswers = try container.decode([Template].self, forKey: .decisionAnswers)
        decisionRationales = try container.decode([Template].self, forKey: .decisionRationales)
        stages = try container.decode([String].self, forKey: .stages)
        stageWords = stages.map { $0.replacingOccurrences(of: "_", with: " ") }
        technologyCategories = try container.decode([TechnologyCategory].self, forKey: .technologyCategories)
        decisionReasons = try container.decode([Template].self, forKey: .decisionReasons)
        conversation = try container.decode(Conversation.self, forKey: .conversation)
        models = try container.decode([String].self, forKey: .models)
        trdSections = try container.decode([String].self, forKey: .trdSections)
        trdSentences = try container.decode([Template].self, forKey: .trdSentences)
        validationIssues = try container.decode([String].self, forKey: .validationIssues)
        errorTypes = try container.decode([ErrorType].self, forKey: .errorTypes)
        patternCategories = try container.decode([PatternCategory].self, forKey: .patternCategories)
        insights = try container.decode([Template].self, forKey: .insights)
        whenToUse = try container.decode([Template].self, forKey: .whenToUse)
        pitfalls = try container.decode([String].self, forKey: .pitfalls)
    }

    /// Reads and checks a vocabulary file.
    public static func load(contentsOf url: URL) throws -> Vocabulary {
        let yaml = try YAMLFile.text(
            of: url,
            missing: "cannot read the vocabulary \(url.path); pass --seeds DIR or run from the project folder"
        )
        let vocabulary = try YAMLFile.decode(
            Vocabulary.self, from: yaml, url: url, expected: "the word lists of Seeds/vocabulary.yml")
        try vocabulary.check(url)
        return vocabulary
    }

    private func check(_ url: URL) throws {
        let lists: [(String, Int)] = [
            ("domains", domains.count), ("systems", systems.count), ("stages", stages.count),
            ("technology_categories", technologyCategories.count), ("models", models.count),
            ("error_types", errorTypes.count), ("pattern_categories", patternCategories.count),
            ("pitfalls", pitfalls.count), ("trd_sections", trdSections.count),
        ]
        for (name, count) in lists where count == 0 {
            let yaml = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let line = YAMLFile.line(at: [name], in: yaml).map { ":\($0)" } ?? ""
            throw ConfigurationError(
                "\(url.path)\(line): '\(name)' must not be empty; give it at least one entry")
        }
    }
}
