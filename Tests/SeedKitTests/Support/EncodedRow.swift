import Testing

@testable import SeedKit

/// One row written by a fresh encoder of type `E`, as text.
func encodedRow<E: ChunkEncoder>(_ type: E.Type, _ fill: (inout E) -> Void) throws -> String {
    var encoder = E(capacity: 0)
    fill(&encoder)
    try encoder.endRow()
    return String(decoding: encoder.buffer, as: UTF8.self)
}

/// One row of text fields (nil for NULL) written by a fresh encoder of type `E`; an encoder
/// error is recorded as a test issue.
func encodedTextRow<E: ChunkEncoder>(_ type: E.Type, _ values: [String?]) -> String {
    do {
        return try encodedRow(type) { encoder in
            for value in values {
                if let value { encoder.text(value) } else { encoder.null() }
            }
        }
    } catch {
        Issue.record(error)
        return ""
    }
}
