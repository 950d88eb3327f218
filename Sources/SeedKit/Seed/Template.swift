/// A text template with `{slot}` placeholders, parsed once and rendered per row.
struct Template: Sendable, Decodable {
    /// A placeholder name.
    enum Slot: String, Sendable {
        case system, domain, technology, alternative, category, stage, number, pattern
    }

    enum Piece: Sendable {
        case literal(String)
        case slot(Slot)
    }

    let pieces: [Piece]

    init(_ text: String) throws {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw ConfigurationError("template '\(text)' has '{' without '}'")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard let slot = Slot(rawValue: name) else {
                throw ConfigurationError("template '\(text)' uses unknown slot {\(name)}")
            }
            pieces.append(.slot(slot))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces
    }

    init(from decoder: any Decoder) throws {
        do {
            try self.init(try decoder.singleValueContainer().decode(String.self))
        } catch let error as ConfigurationError {
            // Keeps the path, so the message can name the file's line.
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// The text with each slot replaced by `value(slot)`.
    func render(_ value: (Slot) -> String) -> String {
        var result = ""
        result.reserveCapacity(160)
        render(into: &result, value)
        return result
    }

    /// Appends the text with each slot replaced by `value(slot)` to `text` (no string of its own).
    func render(into text: inout String, _ value: (Slot) -> String) {
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .slot(let slot): text += value(slot)
            }
        }
    }
}
