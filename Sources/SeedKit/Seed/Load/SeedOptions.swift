/// What `seedctl seed` should do.
public struct SeedOptions: Sendable {
    /// Empty the seeded tables first.
    public var clear: Bool
    /// With `clear`: delete rows even when no `seedctl_dataset` record says seedctl wrote them.
    public var force: Bool
    /// Rows per chunk of design jobs (and 16× that of patterns) between progress reports.
    public var chunkJobs: Int

    public init(clear: Bool = false, force: Bool = false, chunkJobs: Int = 64) {
        self.clear = clear
        self.force = force
        self.chunkJobs = chunkJobs
    }
}

extension TableGenerator {
    /// The drivers of this part in chunks small enough for steady progress and bounded memory.
    func chunks(jobsPerChunk: Int) -> [Range<Int>] {
        let size = table.name == SeedSchema.patterns.name ? jobsPerChunk * 16 : jobsPerChunk
        return stride(from: drivers.lowerBound, to: drivers.upperBound, by: max(1, size)).map {
            $0..<min($0 + size, drivers.upperBound)
        }
    }
}
