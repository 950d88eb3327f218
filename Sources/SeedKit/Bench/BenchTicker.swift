import Foundation

/// Closes each measured second of a run: drains the recorders into the timeline, feeds the
/// live metrics, tells the observer (live progress), and with `--abort-on-fail` stops the run
/// at the first second a threshold fails (`tps` thresholds are judged at the end only: a rate
/// is not known early).
///
/// `@unchecked Sendable`: `timeline` and `interval` are used by the ticker thread only, and by
/// `finish()` after that thread has stopped (the semaphore orders the two).
final class BenchTicker: @unchecked Sendable {
    private let schedule: BenchSchedule
    private let recorders: [BenchRecorder]
    private let thresholds: [Threshold]
    private let settings: BenchSettings
    private let server: String
    private let observer: (@Sendable (BenchProgress) -> Void)?
    private let metrics: BenchMetrics?
    private let connections: @Sendable () -> (open: Int, reconnects: Int)
    private let stopSignal = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private var timeline: [BenchResult.Second] = []
    /// The second being closed, every recorder's together; kept to reuse its storage.
    private var interval: BenchInterval
    private var errors = 0

    init(
        schedule: BenchSchedule, recorders: [BenchRecorder], thresholds: [Threshold], settings: BenchSettings,
        server: String,
        observer: (@Sendable (BenchProgress) -> Void)?, metrics: BenchMetrics? = nil,
        connections: @escaping @Sendable () -> (open: Int, reconnects: Int) = { (0, 0) }
    ) {
        self.metrics = metrics
        self.connections = connections
        interval = BenchInterval(queryCount: settings.queries.count)
        self.schedule = schedule
        self.recorders = recorders
        self.thresholds = thresholds.filter { $0.metric != .tps }
        self.settings = settings
        self.server = server
        self.observer = observer
    }

    func start() {
        Thread { [self] in
            var second = 1
            while stopSignal.wait(
                timeout: .now() + max(0, (schedule.measureFrom + .seconds(second) - .now).seconds))
                == .timedOut
            {
                tick(elapsed: Double(second))
                second += 1
            }
            stopped.signal()
        }.start()
    }

    /// Stops ticking and returns the timeline, with the last part-second if it saw requests.
    func finish(reconnects: Int) -> [BenchResult.Second] {
        stopSignal.signal()
        stopped.wait()
        let elapsed = (min(ContinuousClock.now, schedule.deadline) - schedule.measureFrom).seconds
        if elapsed > (timeline.last?.elapsed ?? 0) + 0.05 { tick(elapsed: elapsed, last: true) }
        return timeline
    }

    private func tick(elapsed: Double, last: Bool = false) {
        defer { interval.reset() }
        for recorder in recorders { recorder.drainInterval(into: &interval) }
        let latency = interval.latency
        let requests = Int(latency.totalCount)
        let clients = schedule.activeClients(at: schedule.measureFrom + .seconds(elapsed))
        metrics?.observe(interval, names: settings.queries, clients: clients, connections: connections())
        if last, requests + interval.errors == 0 { return }
        let span = max(0.001, elapsed - (timeline.last?.elapsed ?? 0))
        errors += interval.errors
        let second = BenchResult.Second(
            elapsed: elapsed, requests: requests, errors: interval.errors,
            p95Ms: latency.milliseconds(at: 95),
            poolWaitP95Ms: interval.poolWait.milliseconds(at: 95),
            clients: clients)
        timeline.append(second)
        observer?(
            BenchProgress(
                elapsed: elapsed, tps: Double(requests) / span, p95Ms: second.p95Ms, errors: errors,
                clients: second.clients))
        if !thresholds.isEmpty, !last { checkThresholds(elapsed: elapsed) }
    }

    private func checkThresholds(elapsed: Double) {
        let totals = recorders.reduce(into: BenchTotals()) { $0.add($1.totals()) }
        let sofar = BenchResult(
            settings: settings, server: server, seconds: elapsed, totals: totals, timeline: [],
            percentiles: BenchRunner.percentiles(in: thresholds), reconnects: 0, peakRSSBytes: 0,
            rssGrowthBytes: 0, abortedBecause: nil)
        if let failed = thresholds.map({ $0.evaluate(sofar) }).first(where: { !$0.passed && $0.actual != nil }
        ) {
            schedule.stop(because: "threshold \(failed.message) after \(Int(elapsed)) s")
        }
    }
}
