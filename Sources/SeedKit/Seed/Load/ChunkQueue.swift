import Foundation

/// A bounded hand-off of encoded chunks from a generating thread to the loading thread, so
/// generation runs on one core while the database ingests on the other.
///
/// `@unchecked Sendable`: every stored property is read and written only while holding
/// `condition`'s lock, and the chunks it carries are value types handed over whole.
final class ChunkQueue: @unchecked Sendable {
    struct Chunk {
        var bytes: [UInt8]
        /// Rows generated so far, including this chunk.
        var rows: Int
    }

    private let condition = NSCondition()
    private var chunks: [Chunk] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int
    /// Buffers of written chunks, for the producer to fill again.
    private var spares: [[UInt8]] = []

    init(capacity: Int = 3) {
        self.capacity = capacity
    }

    /// Adds a chunk, waiting while the queue is full; false once the consumer has cancelled.
    func put(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// Marks the end of the stream, with the producer's error if it failed.
    func finish(_ error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, nil at the end; rethrows the producer's error.
    func take() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty, !finished { condition.wait() }
        if !chunks.isEmpty {
            condition.broadcast()
            return chunks.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Hands a written chunk's buffer back to the producer, which encodes a later chunk into it:
    /// the chunks in flight reuse a few buffers instead of allocating one each.
    func recycle(_ bytes: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        if spares.count <= capacity, !cancelled { spares.append(bytes) }
    }

    /// A recycled buffer, or an empty array when none is waiting.
    func spare() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast() ?? []
    }

    /// Stops the producer: its next `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        chunks.removeAll()
        spares.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Starts a thread that runs `encode` on each chunk of drivers in order, with a recycled
    /// buffer to encode into (empty when none is waiting), and queues the bytes and row count it
    /// returns.
    static func producing(
        _ chunks: [Range<Int>],
        _ encode:
            @escaping @Sendable (_ drivers: Range<Int>, _ spare: [UInt8]) throws -> (
                bytes: [UInt8], rows: Int
            )
    ) -> ChunkQueue {
        let queue = ChunkQueue()
        let thread = Thread {
            var rows = 0
            do {
                for drivers in chunks {
                    let (bytes, count) = try encode(drivers, queue.spare())
                    rows += count
                    guard queue.put(Chunk(bytes: bytes, rows: rows)) else { return }
                }
                queue.finish()
            } catch {
                queue.finish(error)
            }
        }
        thread.stackSize = 1 << 22
        thread.start()
        return queue
    }
}
