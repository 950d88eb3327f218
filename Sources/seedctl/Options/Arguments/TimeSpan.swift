import ArgumentParser
import Foundation
import SeedKit

/// A length of time on the command line: `20s`, `500ms`, `2m`, `1.5s`, `250us`, `1h`.
struct TimeSpan: ExpressibleByArgument, Equatable {
    let seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
    }

    init?(argument: String) {
        guard let seconds = BenchSettings.seconds(argument) else { return nil }
        self.seconds = seconds
    }

    var defaultValueDescription: String {
        String(format: "%gs", seconds)
    }
}
