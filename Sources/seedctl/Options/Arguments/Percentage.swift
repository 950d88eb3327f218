import ArgumentParser
import Foundation

/// A percentage on the command line, `10%` or `10`.
struct Percentage: ExpressibleByArgument, Equatable {
    let percent: Double

    /// The percentage as a fraction: 0.1 for 10%.
    var fraction: Double { percent / 100 }

    init(_ percent: Double) {
        self.percent = percent
    }

    init?(argument: String) {
        guard let percent = Double(argument.hasSuffix("%") ? String(argument.dropLast()) : argument),
            percent.isFinite
        else { return nil }
        self.percent = percent
    }

    var defaultValueDescription: String {
        String(format: "%g%%", percent)
    }
}
