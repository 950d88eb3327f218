import ArgumentParser
import SeedKit

/// `--part K/N`; help shows the default as `1/1`.
extension SeedPart: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
