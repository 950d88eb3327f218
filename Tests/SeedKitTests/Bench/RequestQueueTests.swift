import Testing

@testable import SeedKit

struct RequestQueueTests {
    @Test func firstInFirstOutAcrossTheWrap() {
        var queue = RequestQueue<Int>(capacity: 3)
        #expect(queue.popFirst() == nil)
        var popped: [Int] = []
        for value in 0..<10 {
            queue.append(value)
            if value % 2 == 1, let first = queue.popFirst() { popped.append(first) }
        }
        while let first = queue.popFirst() { popped.append(first) }
        #expect(popped == Array(0..<10))
        #expect(queue.isEmpty && queue.count == 0)
    }

    @Test func growsWhenFullKeepingTheOrder() {
        var queue = RequestQueue<Int>(capacity: 2)
        queue.append(1)
        queue.append(2)
        #expect(queue.popFirst() == 1)
        for value in 3...7 { queue.append(value) }
        #expect(queue.count == 6)
        var popped: [Int] = []
        while let first = queue.popFirst() { popped.append(first) }
        #expect(popped == [2, 3, 4, 5, 6, 7])
    }
}
