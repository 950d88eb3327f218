import Foundation

/// Generates and encodes a load's chunks on a producer thread, ahead of the loading thread, and
/// hands them over in order: generation runs on one core while the database ingests on the
/// other.
///
/// One pipeline spans every table of a load, so the producer goes on to the next table's first
/// chunks while the loader still writes the current table's last ones, instead of the database
/// waiting for each table's first chunk, and it works ahead by bytes, not chunks (a chunk of 64
/// design jobs is 100 kB of decisions but 900 kB of conversations). Memory stays bounded: the
/// producer starts a chunk only while the chunks not yet given back (`recycle`) hold less than
/// `aheadBytes`, and it encodes into the buffers given back, so a steady load allocates (and
/// page-faults) no new buffer per chunk.
///
/// `@unchecked Sendable`: every stored `var` is read and written only while holding
/// `condition`'s lock; `jobs`, `encode` and `aheadBytes` are immutable, and chunks are value
/// types handed over whole.
final class ChunkPipeline: @unchecked Sendable {
    /// One chunk to generate: a range of one table's drivers.
    struct Job: Sendable {
        /// The table's position in the load.
        let table: Int
        let drivers: Range<Int>
    }

    /// A chunk's encoded rows and how many rows they are.
    struct Chunk {
        var bytes: [UInt8]
        var rows: Int
    }

    /// Encodes one job's rows into `spare`'s storage (empty when none is waiting).
    typealias Encode = @Sendable (_ job: Job, _ spare: [UInt8]) throws -> Chunk

    /// Buffers kept for reuse: enough for the next chunk to encode and one to spare.
    private static let maxSpares = 2

    private let jobs: [Job]
    private let encode: Encode
    private let aheadBytes: Int
    private let condition = NSCondition()
    /// Finished chunks not yet taken, in job order.
    private var ready: [Chunk] = []
    /// The bytes of the chunks encoded and not yet given back.
    private var outstandingBytes = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    /// Buffers of written chunks, for the producer to fill again.
    private var spares: [[UInt8]] = []

    /// Starts a thread encoding `jobs` in order, at most about `aheadBytes` before the loader.
    init(jobs: [Job], aheadBytes: Int, encode: @escaping Encode) {
        self.jobs = jobs
        self.encode = encode
        self.aheadBytes = aheadBytes
        let thread = Thread { [self] in produce() }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// How many of the jobs belong to table `table`.
    func chunkCount(ofTable table: Int) -> Int {
        jobs.lazy.filter { $0.table == table }.count
    }

    /// The next chunk in job order, waiting for it; nil after the last. Rethrows the
    /// producer's error once the chunks before it are taken.
    func take() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, !finished, !cancelled { condition.wait() }
        guard ready.isEmpty else {
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Hands a taken chunk's buffer back once written, for the producer to encode a later chunk
    /// into: the chunks in flight cycle through a few buffers instead of allocating one each.
    /// Every taken chunk must be given back (or the pipeline cancelled): the producer's budget
    /// counts it until then.
    func recycle(_ bytes: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        outstandingBytes -= bytes.count
        if spares.count < Self.maxSpares, !cancelled { spares.append(bytes) }
        condition.broadcast()
    }

    /// A recycled buffer, or an empty array when none is waiting.
    func spare() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast() ?? []
    }

    /// Stops the producer after the chunk it is encoding; call it when the load ends, done or
    /// not.
    func cancel() {
        condition.lock()
        cancelled = true
        ready.removeAll()
        spares.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The producer: encodes each job in order, waiting while the chunks not yet given back
    /// hold `aheadBytes` or more.
    private func produce() {
        do {
            for job in jobs {
                let chunk = try encode(job, spare())
                condition.lock()
                defer { condition.unlock() }
                guard !cancelled else { return }
                ready.append(chunk)
                outstandingBytes += chunk.bytes.count
                condition.broadcast()
                while outstandingBytes >= aheadBytes, !cancelled { condition.wait() }
            }
            finish(nil)
        } catch {
            finish(error)
        }
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}

extension ChunkPipeline {
    /// A pipeline over every chunk of `generators`, in order, each encoded with `Encoder` into
    /// a buffer of about `capacity` bytes.
    static func encoding<Encoder: ChunkEncoder>(
        _ generators: [any TableGenerator], as _: Encoder.Type, chunkJobs: Int, capacity: Int, aheadBytes: Int
    ) -> ChunkPipeline {
        let jobs = generators.enumerated().flatMap { table, generator in
            generator.chunks(jobsPerChunk: chunkJobs).map { Job(table: table, drivers: $0) }
        }
        return ChunkPipeline(jobs: jobs, aheadBytes: aheadBytes) { job, spare in
            var sink = RowCounter(inner: Encoder(reusing: spare, capacity: capacity))
            try generators[job.table].generate(drivers: job.drivers, into: &sink)
            return Chunk(bytes: sink.inner.buffer, rows: sink.rows)
        }
    }
}
