import Foundation
import Testing

@testable import SeedKit

/// Spec templates draw their slots as the built-in generators' templates do, without a closure.
@Suite("dataset spec: templates over the vocabulary")
struct SpecTemplateVocabularyTests {
    @Test("every slot renders as GeneratorContext.slots renders it")
    func sameAsBuiltIn() throws {
        let folder = URL(fileURLWithPath: Repository.seeds)
        let vocabulary = try Vocabulary.load(contentsOf: folder.appendingPathComponent("vocabulary.yml"))
        let context = GeneratorContext(
            plan: try DatasetPlan(profile: Profile(name: "p", description: "", counts: [:]), seed: 5),
            vocabulary: vocabulary)
        let text = "{system}/{domain}/{technology}/{alternative}/{category}/{stage}/{number}/{pattern}"
        let spec = try SpecTemplate(text + " #{row}")
        let builtIn = try Template(text)
        for row in 0..<500 {
            let random = RowRandom(hash: CounterHash(seed: 5), stream: 99, row: row)
            #expect(
                spec.render(row: row, random: random, vocabulary: SpecWords(vocabulary))
                    == builtIn.render(context.slots(random)) + " #\(row)")
            let one = try SpecTemplate("{domain}").render(
                row: row, random: random, vocabulary: SpecWords(vocabulary))
            #expect(one == random.pick(23, from: vocabulary.domains))
        }
    }
}
