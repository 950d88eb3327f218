/// Buffers rows for `COPY … FROM STDIN` and sends them in large chunks.
///
/// Exists only inside `PostgresConnection.copy(_:_:)`'s closure.
public struct CopyWriter {
    private unowned let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private let chunkSize: Int
    /// Bytes sent so far, including what is still buffered.
    public private(set) var byteCount = 0

    init(connection: PostgresConnection, chunkSize: Int = 1 << 20) {
        self.connection = connection
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// Appends raw COPY text (already escaped, rows ending in a newline).
    public mutating func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        byteCount += text.utf8.count
        if buffer.count >= chunkSize { try flush() }
    }

    /// Appends raw bytes of COPY text.
    public mutating func write(bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        byteCount += bytes.count
        if buffer.count >= chunkSize { try flush() }
    }

    /// Sends a block of encoded rows at once, after anything buffered.
    public mutating func send(_ bytes: [UInt8]) throws {
        try flush()
        try bytes.withUnsafeBytes { try connection.putCopyData($0) }
        byteCount += bytes.count
    }

    /// Sends everything buffered.
    mutating func flush() throws {
        try buffer.withUnsafeBytes { try connection.putCopyData($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
