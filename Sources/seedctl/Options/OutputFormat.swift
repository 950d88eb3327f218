import ArgumentParser

/// `--format text|json` of `verify` and `migrate status`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
