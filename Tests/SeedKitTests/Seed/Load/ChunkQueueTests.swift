import Testing

@testable import SeedKit

/// The generator-to-loader hand-off: chunks arrive in order, and the buffers the loader gives
/// back are the ones the generator encodes into next (issue 14: no allocation per chunk).
struct ChunkQueueTests {
    @Test func chunksArriveInOrderFromRecycledBuffers() throws {
        let queue = ChunkQueue.producing((0..<20).map { $0..<($0 + 1) }) { drivers, spare in
            var encoder = BoundRowEncoder(reusing: spare, capacity: 4096)
            encoder.integer(drivers.lowerBound)
            encoder.endRow()
            return (encoder.buffer, 1)
        }
        var seen: [Int] = []
        while let chunk = try queue.take() {
            #expect(chunk.bytes.count == 10)  // tag, 8 bytes, end of row: nothing left from before
            seen.append(Int(chunk.bytes[1]))
            #expect(chunk.rows == seen.count)
            queue.recycle(chunk.bytes)
        }
        #expect(seen == Array(0..<20))
    }

    @Test func aRecycledBufferIsTheNextSpareUntilCancelled() {
        let queue = ChunkQueue()
        #expect(queue.spare().capacity == 0)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(5000)
        buffer.append(contentsOf: [1, 2, 3])
        queue.recycle(buffer)
        let spare = queue.spare()
        #expect(spare.capacity >= 5000)
        #expect(queue.spare().capacity == 0)
        queue.cancel()
        queue.recycle(buffer)
        #expect(queue.spare().capacity == 0)
    }

    @Test func aReusedEncoderWritesWhatAFreshOneWrites() {
        var used = BinaryCopyEncoder(capacity: 0)
        used.text(String(repeating: "x", count: 300))
        used.endRow()
        let spare = used.buffer
        var reused = BinaryCopyEncoder(reusing: spare, capacity: 1024)
        var fresh = BinaryCopyEncoder(capacity: 1024)
        for encoder in [0, 1] {
            func write(_ sink: inout BinaryCopyEncoder) {
                sink.integer(7)
                sink.null()
                sink.text("abc")
                sink.endRow()
            }
            if encoder == 0 { write(&reused) } else { write(&fresh) }
        }
        #expect(reused.buffer == fresh.buffer)
        #expect(reused.buffer.capacity >= spare.capacity)
    }
}
