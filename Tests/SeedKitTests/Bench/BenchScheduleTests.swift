import Foundation
import Testing

@testable import SeedKit

struct BenchScheduleTests {
    @Test func stagesParse() throws {
        let stages = try BenchStage.list(parsing: "30s:100,1m:100,500ms:0")
        #expect(
            stages == [
                BenchStage(duration: 30, clients: 100), BenchStage(duration: 60, clients: 100),
                BenchStage(duration: 0.5, clients: 0),
            ])
    }

    @Test(arguments: ["", "30s", "30s:", "x:10", "30s:-1", "30s:2001", "0s:10", "10s:0"])
    func badStagesAreOneLine(text: String) {
        let error = #expect(throws: ConfigurationError.self) { try BenchStage.list(parsing: text) }
        #expect(error?.description.contains("--stages") == true && error?.description.contains("\n") == false)
    }

    @Test func stagesRampLinearly() {
        let stages = [
            BenchStage(duration: 10, clients: 100), BenchStage(duration: 10, clients: 100),
            BenchStage(duration: 10, clients: 0),
        ]
        #expect(BenchStage.clients(at: 0, in: stages) == 0)
        #expect(BenchStage.clients(at: 5, in: stages) == 50)
        #expect(BenchStage.clients(at: 15, in: stages) == 100)
        #expect(BenchStage.clients(at: 25, in: stages) == 50)
        #expect(BenchStage.clients(at: 31, in: stages) == 0)
    }

    @Test func rateTicketsFollowTheSchedule() {
        var settings = BenchSettings()
        settings.rate = 200
        let start = ContinuousClock.now
        let schedule = BenchSchedule(settings: settings, start: start)
        let late = start + .seconds(10)
        // However late a client asks, ticket k is due at k/rate: a backlog keeps its start times.
        let due = (0..<4).map { _ in schedule.nextStart(after: late) - start }
        #expect(due == [.zero, .milliseconds(5), .milliseconds(10), .milliseconds(15)])
        #expect(schedule.isOpenLoop)
    }

    @Test func closedLoopStartsAfterThinkTime() {
        var settings = BenchSettings()
        settings.thinkTime = 0.25
        let schedule = BenchSchedule(settings: settings)
        let now = ContinuousClock.now
        #expect(schedule.nextStart(after: now) == now + .milliseconds(250))
        #expect(!schedule.isOpenLoop)
    }

    @Test func transactionBudgetStopsTheRun() {
        var settings = BenchSettings()
        settings.transactions = 3
        let schedule = BenchSchedule(settings: settings)
        #expect((0..<5).map { _ in schedule.take() } == [true, true, true, false, false])
        #expect(schedule.isOver(at: .now))
    }

    @Test(arguments: [("20s", 20.0), ("500ms", 0.5), ("2m", 120), ("250us", 0.00025), ("1h", 3600)])
    func times(text: String, seconds: Double) {
        #expect(BenchSettings.seconds(text) == seconds)
    }

    @Test(arguments: ["20", "s", "-1s", "fast", "nans"])
    func badTimes(text: String) {
        #expect(BenchSettings.seconds(text) == nil)
    }
}
