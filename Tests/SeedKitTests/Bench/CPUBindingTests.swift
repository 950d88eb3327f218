import Foundation
import Testing

@testable import SeedKit

struct CPUBindingTests {
    @Test("loops are bound only when there is exactly one per allowed CPU")
    func whichRunsBind() {
        #expect(CPUBinding.cpus(forLoops: 2, allowed: [0, 1]) == [0, 1])
        #expect(CPUBinding.cpus(forLoops: 3, allowed: [2, 5, 7]) == [2, 5, 7])
        #expect(CPUBinding.cpus(forLoops: 1, allowed: [0, 1]) == nil)
        #expect(CPUBinding.cpus(forLoops: 3, allowed: [0, 1]) == nil)
        #expect(CPUBinding.cpus(forLoops: 1, allowed: [0]) == nil)
        #expect(CPUBinding.cpus(forLoops: 2, allowed: []) == nil)
    }

    @Test("the allowed CPUs are the kernel's Cpus_allowed_list")
    func allowedCPUs() throws {
        #expect(CPUBinding.allowedCPUs() == (try Self.allowedList(of: "/proc/thread-self/status")))
    }

    @Test("binding a thread leaves it one CPU, and the other threads theirs")
    func bindsTheCallingThreadOnly() throws {
        let allowed = CPUBinding.allowedCPUs()
        let last = try #require(allowed.last)
        let done = DispatchSemaphore(value: 0)
        let seen = ThreadResult()
        Thread {
            // A CPU that cannot exist is refused before the kernel is asked.
            seen.refused = !CPUBinding.bindCurrentThread(to: -1) && !CPUBinding.bindCurrentThread(to: 100_000)
            seen.bound = CPUBinding.bindCurrentThread(to: last)
            seen.after = CPUBinding.allowedCPUs()
            seen.listed = try? Self.allowedList(of: "/proc/thread-self/status")
            done.signal()
        }.start()
        done.wait()
        #expect(seen.refused)
        #expect(seen.bound)
        #expect(seen.after == [last])
        #expect(seen.listed == [last])
        #expect(CPUBinding.allowedCPUs() == allowed)
    }

    /// What the thread saw, written before the semaphore's signal and read after its wait.
    private final class ThreadResult: @unchecked Sendable {
        var refused = false
        var bound = false
        var after: [Int32] = []
        var listed: [Int32]?
    }

    /// The CPUs of `Cpus_allowed_list` in a `/proc` status file (`0-3,5,7-8`).
    static func allowedList(of path: String) throws -> [Int32] {
        let status = try String(contentsOfFile: path, encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        let list = line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
        var cpus: [Int32] = []
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int32($0) }
            guard let first = bounds.first, let last = bounds.last else { continue }
            cpus += Array(first...last)
        }
        return cpus
    }
}
