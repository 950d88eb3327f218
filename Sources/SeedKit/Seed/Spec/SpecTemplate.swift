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

    /// The text for `row`, slots drawn by `slots`.
    func render(row: Int, _ slots: (Template.Slot) -> String) -> String {
        var text = ""
        text.reserveCapacity(64)
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .slot(let slot): text += slots(slot)
            case .row: text += String(row)
            }
        }
        return text
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
