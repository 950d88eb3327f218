/// A problem with what the user asked for (a URL, a flag, a file), stated as one line that
/// says what is wrong and what to do.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
