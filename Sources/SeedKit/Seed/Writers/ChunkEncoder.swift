/// An encoder whose rows collect in one byte buffer, taken whole as a chunk: what a loader
/// generates on one thread and writes to the database (or a file) on another.
protocol ChunkEncoder: RowSink, Sendable {
    /// An empty encoder with room for about `capacity` bytes.
    init(capacity: Int)
    /// The encoded rows.
    var buffer: [UInt8] { get }
}

extension CopyTextEncoder: ChunkEncoder {}
extension CSVEncoder: ChunkEncoder {}
extension BoundRowEncoder: ChunkEncoder {}
