import Glibc

extension SeedCtl.Seed {
    /// Keeps glibc's mmap threshold at its 128 kB default for the run. glibc otherwise raises it
    /// to the size of every large block freed, so SQLite's page cache, its sorter runs and the
    /// chunk buffers end up carved from the heap, whose freed space stays resident; with the
    /// threshold fixed, each large block is its own mapping, returned when freed. Measured on
    /// `staging` (SQLite): peak RSS 61 MB → 54 MB (issue 14).
    ///
    /// `mallopt` is looked up at run time: Swift's Glibc module does not export `<malloc.h>`.
    /// Without it (another C library) nothing changes.
    static func keepLargeBlocksMapped() {
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 128 * 1024)
    }
}
