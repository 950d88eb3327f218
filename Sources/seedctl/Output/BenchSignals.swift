import Dispatch
import Foundation
import SeedKit

/// Ctrl-C and SIGTERM during `bench`: the first stops the run cleanly (summary, `--json` and
/// `--report` still written, marked interrupted); a second one exits at once with 130.
final class BenchSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ interrupt: BenchInterrupt) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let name = number == SIGINT ? "SIGINT" : "SIGTERM"
            source.setEventHandler {
                if !interrupt.stop(because: "interrupted (\(name))") { exit(130) }
            }
            source.resume()
            return source
        }
    }

    /// Puts the default handlers back.
    func restore() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
