/// Counts rows passing through to another sink.
struct RowCounter<Inner: RowSink>: RowSink {
    var inner: Inner
    var rows = 0

    mutating func uuid(_ value: SeedUUID) { inner.uuid(value) }
    mutating func text(_ value: String) { inner.text(value) }
    mutating func integer(_ value: Int) { inner.integer(value) }
    mutating func real(_ value: Double) { inner.real(value) }
    mutating func boolean(_ value: Bool) { inner.boolean(value) }
    mutating func timestamp(_ value: Timestamp) { inner.timestamp(value) }
    mutating func json(_ value: String) { inner.json(value) }
    mutating func null() { inner.null() }
    mutating func endRow() throws {
        try inner.endRow()
        rows += 1
    }
}
