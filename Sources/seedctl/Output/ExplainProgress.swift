import Foundation
import SeedKit

/// `explain`'s progress on a terminal: `[3/33] name …`, redrawn in place on standard error;
/// nothing when standard error is not a terminal.
enum ExplainProgress {
    /// The callback for `Explainer.Options.progress`, or nil when standard error is no terminal.
    static func callback() -> (@Sendable (Int, Int, String) -> Void)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { position, count, name in
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(position + 1)/\(count)] \(name) …".utf8))
        }
    }

    /// Clears the progress line.
    static func finish() {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
