import Foundation

/// Resident memory of this process, from /proc/self/status.
///
/// `@unchecked Sendable`: `reading` is written once, under `lock`.
final class MemoryReading: @unchecked Sendable {
    private let lock = NSLock()
    private var reading: Int?

    /// Records the current RSS the first time it is called.
    func takeOnce() {
        lock.withLock { if reading == nil { reading = Self.currentRSS() } }
    }

    var value: Int { lock.withLock { reading ?? Self.currentRSS() } }

    static func currentRSS() -> Int { status("VmRSS:") }
    static func peakRSS() -> Int { status("VmHWM:") }

    private static func status(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
