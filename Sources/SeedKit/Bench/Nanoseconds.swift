import Glibc

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC), with the schedule's instants converted
/// once: cheaper in a hot loop than `ContinuousClock` instants and `Duration` arithmetic.
struct Nanoseconds {
    private let reference: ContinuousClock.Instant
    private let referenceNanos: UInt64
    let measureFrom: UInt64
    let deadline: UInt64

    init(schedule: BenchSchedule) {
        let reference = ContinuousClock.now
        let referenceNanos = Self.now()
        self.reference = reference
        self.referenceNanos = referenceNanos
        measureFrom = Self.convert(schedule.measureFrom, reference: reference, referenceNanos: referenceNanos)
        deadline = Self.convert(schedule.deadline, reference: reference, referenceNanos: referenceNanos)
    }

    func now() -> UInt64 { Self.now() }

    /// `instant` on this clock.
    func nanoseconds(_ instant: ContinuousClock.Instant) -> UInt64 {
        Self.convert(instant, reference: reference, referenceNanos: referenceNanos)
    }

    private static func convert(
        _ instant: ContinuousClock.Instant, reference: ContinuousClock.Instant, referenceNanos: UInt64
    ) -> UInt64 {
        let (seconds, attoseconds) = (instant - reference).components
        let offset = seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
        return offset >= 0
            ? referenceNanos &+ UInt64(offset) : referenceNanos &- min(referenceNanos, UInt64(-offset))
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
