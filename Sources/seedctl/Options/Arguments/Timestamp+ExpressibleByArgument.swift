import ArgumentParser
import SeedKit

/// `--as-of`: a date (UTC midnight) or a date and time.
extension Timestamp: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    /// A midnight shows as its date alone (`2026-01-01`), as it is usually written.
    public var defaultValueDescription: String {
        microseconds % Self.day == 0 ? String(iso8601.prefix(10)) : iso8601
    }
}
