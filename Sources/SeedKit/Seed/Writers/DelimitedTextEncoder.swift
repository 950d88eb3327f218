/// A text encoder that writes fields one after another with a separator: what COPY text and
/// CSV have in common. Conformers say how to separate fields and how to write text and NULL.
protocol DelimitedTextEncoder: RowSink {
    var buffer: [UInt8] { get set }
    /// Writes the field separator unless this is the row's first field.
    mutating func separator()
}

extension DelimitedTextEncoder {
    mutating func uuid(_ value: SeedUUID) {
        separator()
        value.write(into: &buffer)
    }

    mutating func integer(_ value: Int) {
        separator()
        buffer.append(contentsOf: String(value).utf8)
    }

    mutating func real(_ value: Double) {
        separator()
        buffer.append(contentsOf: String(value).utf8)
    }

    mutating func timestamp(_ value: Timestamp) {
        separator()
        value.write(into: &buffer)
    }

    mutating func json(_ value: String) { text(value) }
}
