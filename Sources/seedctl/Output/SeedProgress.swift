import Foundation
import SeedKit

/// Per-table progress on a terminal (rows, rows/s, ETA, updated in place); silent when
/// standard error is not a terminal.
final class SeedProgress {
    private let live: Bool
    private var table = ""
    private var total = 0
    private var started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now

    init(enabled: Bool) {
        live = enabled && isatty(STDERR_FILENO) != 0
    }

    func handle(_ event: SeedEvent) {
        guard live else { return }
        switch event {
        case .phase(let name):
            draw("\(name) …", force: true)
        case .tableStarted(let name, let rows):
            table = name
            total = rows
            started = .now
            draw("\(name) 0/\(rows.grouped)", force: true)
        case .progress(let name, let rows):
            let elapsed = seconds(since: started)
            let rate = elapsed > 0 ? Double(rows) / elapsed : 0
            let eta = rate > 0 ? Double(total - rows) / rate : 0
            draw(
                String(
                    format: "%@ %@/%@  %@ rows/s  ETA %.0fs", name, rows.grouped,
                    total.grouped, Int(rate).grouped, eta), force: false)
        case .tableFinished, .notice:
            break
        }
    }

    /// Clears the progress line.
    func finish() {
        guard live else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw(_ text: String, force: Bool) {
        guard force || seconds(since: lastDraw) > 0.1 else { return }
        lastDraw = .now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start).seconds
    }
}
