/// An encoder whose rows collect in one byte buffer, taken whole as a chunk: what a loader
/// generates on one thread and writes to the database (or a file) on another.
protocol ChunkEncoder: RowSink, Sendable {
    /// An empty encoder with room for about `capacity` bytes (0: none reserved).
    init(capacity: Int)
    /// The encoded rows.
    var buffer: [UInt8] { get set }
}

extension ChunkEncoder {
    /// An empty encoder that writes into `spare`'s storage: the buffer of a chunk already
    /// written, so a stream of chunks cycles through a few buffers instead of allocating (and
    /// fragmenting the heap with) one per chunk.
    init(reusing spare: [UInt8], capacity: Int) {
        self.init(capacity: 0)
        var storage = spare
        storage.removeAll(keepingCapacity: true)
        storage.reserveCapacity(capacity + 64 * 1024)
        buffer = storage
    }
}

extension CopyTextEncoder: ChunkEncoder {}
extension CSVEncoder: ChunkEncoder {}
extension BoundRowEncoder: ChunkEncoder {}
