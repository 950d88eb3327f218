import CAffinity

/// Which CPUs bench's event loops are bound to. A run with one loop per CPU the process may use
/// (its affinity mask, as `taskset` or a cgroup cpuset leave it) binds loop K to the K-th of
/// them, so the loops never share a core or wander between cores; a run with fewer or more
/// loops binds none, since its loops and a local server's backends need the scheduler's freedom.
enum CPUBinding {
    /// The CPU for each loop of a run with `loops` loops, or nil when the loops stay unbound.
    static func cpus(forLoops loops: Int, allowed: [Int32] = allowedCPUs()) -> [Int32]? {
        loops > 1 && allowed.count == loops ? allowed : nil
    }

    /// The CPUs the calling thread may run on, ascending; empty when the kernel does not say.
    static func allowedCPUs() -> [Int32] {
        let capacity = 1024
        return [Int32](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = max(0, Int(seedctl_allowed_cpus(buffer.baseAddress, Int32(capacity))))
        }
    }

    /// Binds the calling thread to `cpu`; false when the kernel refuses (the thread then runs
    /// wherever the scheduler puts it).
    @discardableResult
    static func bindCurrentThread(to cpu: Int32) -> Bool {
        seedctl_bind_thread(cpu) == 0
    }
}
