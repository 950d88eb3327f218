import Foundation
import Testing

@testable import SeedKit

/// The generator-to-loader hand-off: chunks arrive in order across tables, the buffers the
/// loader gives back are the ones the producer encodes into next (issue 14: no allocation per
/// chunk), the producer stays within its byte budget, and its error reaches the loader.
struct ChunkPipelineTests {
    /// Jobs of one driver each: table 0 has 3, table 1 none, table 2 has 4.
    static let jobs: [ChunkPipeline.Job] =
        (0..<3).map { ChunkPipeline.Job(table: 0, drivers: $0..<($0 + 1)) }
        + (3..<7).map { ChunkPipeline.Job(table: 2, drivers: $0..<($0 + 1)) }

    /// Encodes a job as one row holding its first driver.
    static func encode(_ job: ChunkPipeline.Job, _ spare: [UInt8]) -> ChunkPipeline.Chunk {
        var encoder = BoundRowEncoder(reusing: spare, capacity: 4096)
        encoder.integer(job.drivers.lowerBound)
        encoder.endRow()
        return ChunkPipeline.Chunk(bytes: encoder.buffer, rows: 1)
    }

    @Test func chunksArriveInOrderAcrossTablesFromRecycledBuffers() throws {
        let pipeline = ChunkPipeline(jobs: Self.jobs, aheadBytes: 1 << 20, encode: Self.encode)
        defer { pipeline.cancel() }
        #expect([0, 1, 2].map(pipeline.chunkCount(ofTable:)) == [3, 0, 4])
        var seen: [Int] = []
        while let chunk = try pipeline.take() {
            #expect(chunk.bytes.count == 10)  // tag, 8 bytes, end of row: nothing left from before
            #expect(chunk.rows == 1)
            seen.append(Int(chunk.bytes[1]))
            pipeline.recycle(chunk.bytes)
        }
        #expect(seen == Array(0..<7))
    }

    @Test func theProducerStaysWithinItsByteBudget() throws {
        let started = Counter()
        let pipeline = ChunkPipeline(jobs: Self.jobs, aheadBytes: 15) { job, spare in
            started.add()
            return Self.encode(job, spare)
        }
        defer { pipeline.cancel() }
        // 15 bytes is two 10-byte chunks not given back; the producer then stops until the
        // loader gives one back, not when it merely takes it.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(started.value == 2)
        let chunk = try #require(try pipeline.take())
        Thread.sleep(forTimeInterval: 0.2)
        #expect(started.value == 2)
        pipeline.recycle(chunk.bytes)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(started.value == 3)
    }

    @Test func theProducersErrorComesAfterTheChunksBeforeIt() throws {
        struct Broken: Error {}
        let pipeline = ChunkPipeline(jobs: Self.jobs, aheadBytes: 1 << 20) { job, spare in
            if job.drivers.lowerBound == 2 { throw Broken() }
            return Self.encode(job, spare)
        }
        defer { pipeline.cancel() }
        #expect(try pipeline.take() != nil)
        #expect(try pipeline.take() != nil)
        #expect(throws: Broken.self) { try pipeline.take() }
    }

    @Test func aRecycledBufferIsTheNextSpareUntilCancelled() {
        let pipeline = ChunkPipeline(jobs: [], aheadBytes: 1) { job, spare in Self.encode(job, spare) }
        #expect(pipeline.spare().capacity == 0)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(5000)
        buffer.append(contentsOf: [1, 2, 3])
        pipeline.recycle(buffer)
        let spare = pipeline.spare()
        #expect(spare.capacity >= 5000)
        #expect(pipeline.spare().capacity == 0)
        pipeline.cancel()
        pipeline.recycle(buffer)
        #expect(pipeline.spare().capacity == 0)
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

/// A count shared with the producer thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func add() { lock.withLock { count += 1 } }
}
