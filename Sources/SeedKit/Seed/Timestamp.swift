/// Microseconds since 1970-01-01T00:00:00Z: how the seeder computes and prints time.
///
/// Printed as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, which PostgreSQL reads as `timestamptz` and the
/// SQLite schema's checks require.
public struct Timestamp: Sendable, Hashable, Comparable {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static let second: Int64 = 1_000_000
    public static let minute: Int64 = 60 * second
    public static let hour: Int64 = 60 * minute
    public static let day: Int64 = 24 * hour

    /// The default `--as-of` anchor: 2026-01-01T00:00:00Z.
    public static let defaultAnchor = Timestamp(microseconds: 1_767_225_600 * second)

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// This time plus a number of microseconds.
    public func adding(_ microseconds: Int64) -> Timestamp {
        Timestamp(microseconds: self.microseconds + microseconds)
    }

    /// Appends the ISO 8601 form to `buffer`.
    public func write(into buffer: inout [UInt8]) {
        // Floor division in integers: a Double quotient rounds up to the next day a few
        // microseconds before midnight once the value passes 2^53 (after the year 2255).
        var days = microseconds / Self.day
        if microseconds % Self.day < 0 { days -= 1 }
        let (year, month, day) = Self.civil(fromDays: days)
        let inDay = microseconds - days * Self.day
        let seconds = inDay / Self.second
        digits(year, 4, &buffer)
        buffer.append(0x2D)
        digits(month, 2, &buffer)
        buffer.append(0x2D)
        digits(day, 2, &buffer)
        buffer.append(0x54)
        digits(seconds / 3600, 2, &buffer)
        buffer.append(0x3A)
        digits(seconds / 60 % 60, 2, &buffer)
        buffer.append(0x3A)
        digits(seconds % 60, 2, &buffer)
        buffer.append(0x2E)
        digits(inDay % Self.second, 6, &buffer)
        buffer.append(0x5A)
    }

    /// The ISO 8601 form, e.g. `2026-01-01T00:00:00.000000Z`.
    public var iso8601: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(27)
        write(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM:SS[.f…][Z|+00|+00:00|±HH[:MM]]` or a bare date (UTC midnight).
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        var micros = Self.days(fromCivil: year, month, day) * Self.day
        if bytes.count > 10 {
            guard let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else {
                return nil
            }
            micros += hour * Self.hour + minute * Self.minute + second * Self.second
            var index = 19
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                var scale: Int64 = 100_000
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    micros += Int64(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
            }
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
                let sign: Int64 = bytes[index] == 0x2B ? 1 : -1
                let hours = number(index + 1, 2) ?? 0
                let colon = index + 3 < bytes.count && bytes[index + 3] == 0x3A
                let minutes = number(index + (colon ? 4 : 3), 2) ?? 0
                micros -= sign * (hours * Self.hour + minutes * Self.minute)
            }
        }
        self.init(microseconds: micros)
    }

    private func digits(_ value: Int64, _ width: Int, _ buffer: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(0x30 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Howard Hinnant's days-from-civil and civil-from-days, proleptic Gregorian.
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
