/// Requests waiting for a connection, first come first served: a ring buffer that grows only
/// when full. A client has at most one request waiting, so it is sized once, for the clients.
struct RequestQueue<Element> {
    private var storage: [Element?]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        storage = Array(repeating: nil, count: max(1, capacity))
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) {
        if count == storage.count {
            storage =
                (0..<count).map { storage[(head + $0) % storage.count] } + Array(repeating: nil, count: count)
            head = 0
        }
        let tail = head + count
        storage[tail < storage.count ? tail : tail - storage.count] = element
        count += 1
    }

    /// The oldest element, removed; nil when the queue is empty.
    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let first = storage[head]
        storage[head] = nil
        head = head + 1 < storage.count ? head + 1 : 0
        count -= 1
        return first
    }
}
