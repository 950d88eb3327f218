extension Duration {
    /// The duration in seconds, as a double.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in milliseconds, as a double.
    public var milliseconds: Double { seconds * 1000 }

    /// The duration in whole microseconds, 0 when negative.
    var microseconds: UInt64 { UInt64(max(0, (seconds * 1e6).rounded(.down))) }
}

extension Int {
    /// The number with thousands separated by commas, whatever the locale: 1234567 → "1,234,567".
    public var grouped: String {
        let digits = String(magnitude)
        var result = self < 0 ? "-" : ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
