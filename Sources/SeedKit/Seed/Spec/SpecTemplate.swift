/// A spec template: literal text with vocabulary slots (`{system}`, `{domain}`, … as in
/// `vocabulary.yml`'s templates) and `{row}`, the row's index (which makes a value unique).
struct SpecTemplate: Sendable {
    enum Piece: Sendable {
        case literal(String)
        case slot(Template.Slot)
        case row
    }

    let pieces: [Piece]

    /// The slot names a template may use.
    static let slotNames = ["row"] + Template.Slot.allNames

    /// Parses `text`; the message says what is wrong.
    init(_ text: String) throws(SpecTemplateError) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw SpecTemplateError(message: "'{' without '}'")
            }
            let name = String(rest[rest.index(after: open)..<close])
            if name == "row" {
                pieces.append(.row)
            } else if let slot = Template.Slot(rawValue: name) {
                pieces.append(.slot(slot))
            } else {
                throw SpecTemplateError(
                    message:
                        "unknown slot {\(name)}; slots: \(Self.slotNames.map { "{\($0)}" }.joined(separator: ", "))"
                )
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces
    }

    /// Whether every value differs by row (`{row}` appears).
    var isInjective: Bool { pieces.contains { if case .row = $0 { true } else { false } } }

    /// The text for `row`, its slots drawn on `random` with the field numbers the built-in
    /// generators' templates use (20–26, as `GeneratorContext.slots`), without a closure; a
    /// template that is one slot is that word, with no string built.
    func render(row: Int, random: RowRandom, vocabulary: SpecWords) -> String {
        if pieces.count == 1, case .slot(let slot) = pieces[0] {
            return Self.value(slot, random, vocabulary)
        }
        var text = ""
        text.reserveCapacity(64)
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .slot(let slot): text += Self.value(slot, random, vocabulary)
            case .row: text += String(row)
            }
        }
        return text
    }

    private static func value(_ slot: Template.Slot, _ random: RowRandom, _ vocabulary: SpecWords) -> String {
        switch slot {
        case .system: return random.pick(22, from: vocabulary.systems)
        case .domain: return random.pick(23, from: vocabulary.domains)
        case .stage: return random.pick(24, from: vocabulary.stageWords)
        case .number: return String(random.int(25, in: 2...500))
        case .pattern: return random.pick(26, from: vocabulary.pitfalls)
        case .technology, .alternative, .category:
            let chosen = random.pick(20, from: vocabulary.technologyCategories)
            let technology = random.pick(21, from: chosen.options)
            switch slot {
            case .technology: return technology
            case .alternative: return chosen.options.first { $0 != technology } ?? technology
            default: return chosen.name
            }
        }
    }
}

/// The word lists a spec template draws from, behind one reference (a row's value copies no
/// arrays).
final class SpecWords: Sendable {
    let systems: [String]
    let domains: [String]
    let stageWords: [String]
    let pitfalls: [String]
    let technologyCategories: [Vocabulary.TechnologyCategory]

    init(_ vocabulary: Vocabulary) {
        systems = vocabulary.systems
        domains = vocabulary.domains
        stageWords = vocabulary.stageWords
        pitfalls = vocabulary.pitfalls
        technologyCategories = vocabulary.technologyCategories
    }
}

/// Why a template does not parse.
struct SpecTemplateError: Error {
    let message: String
}

extension Template.Slot {
    /// Every slot's name, in declaration order.
    static let allNames = [
        "system", "domain", "technology", "alternative", "category", "stage", "number", "pattern",
    ]
}
