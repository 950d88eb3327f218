/// Receives generated rows field by field, in the table's column order.
///
/// Writers implement it: PostgreSQL COPY text, CSV, SQLite bound parameters, the digest.
protocol RowSink {
    mutating func uuid(_ value: SeedUUID)
    mutating func text(_ value: String)
    mutating func integer(_ value: Int)
    mutating func real(_ value: Double)
    mutating func boolean(_ value: Bool)
    mutating func timestamp(_ value: Timestamp)
    mutating func json(_ value: String)
    mutating func null()
    /// Ends the current row.
    mutating func endRow() throws
}

extension RowSink {
    /// Text, or NULL when nil.
    mutating func text(orNull value: String?) {
        if let value { text(value) } else { null() }
    }

    /// A timestamp, or NULL when nil.
    mutating func timestamp(orNull value: Timestamp?) {
        if let value { timestamp(value) } else { null() }
    }
}
