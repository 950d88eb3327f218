/// Where HdrHistogram keeps each value: the counts-array index of a value and the value an
/// index stands for, from a histogram's lowest discernible value and significant digits. The
/// same arithmetic in every HdrHistogram implementation, which is what lets an encoded counts
/// array travel between them.
struct HdrLayout: Equatable {
    let unitMagnitude: Int
    let subBucketHalfCountMagnitude: Int
    let subBucketCount: Int

    init(lowestDiscernibleValue: UInt64, significantDigits: Int) {
        unitMagnitude = 63 - lowestDiscernibleValue.leadingZeroBitCount
        var largestSingleUnit: UInt64 = 2
        for _ in 0..<significantDigits { largestSingleUnit *= 10 }
        // ceil(log2(largestSingleUnit))
        let subBucketCountMagnitude = 64 - (largestSingleUnit - 1).leadingZeroBitCount
        subBucketHalfCountMagnitude = max(subBucketCountMagnitude, 1) - 1
        subBucketCount = 1 << (subBucketHalfCountMagnitude + 1)
    }

    private var subBucketHalfCount: Int { subBucketCount / 2 }

    /// The counts-array index that `value` is recorded at.
    func index(of value: UInt64) -> Int {
        let mask = UInt64(subBucketCount - 1) << unitMagnitude
        let leadingZeroCountBase = 64 - unitMagnitude - (subBucketHalfCountMagnitude + 1)
        let bucket = leadingZeroCountBase - (value | mask).leadingZeroBitCount
        let subBucket = Int(value >> (bucket + unitMagnitude))
        let bucketBase = (bucket + 1) << subBucketHalfCountMagnitude
        return bucketBase + (subBucket - subBucketHalfCount)
    }

    /// The lowest value recorded at `index`.
    func value(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << (bucket + unitMagnitude)
    }

    /// The highest value recorded at the same index as `value`: what a percentile reports, so
    /// a histogram and its encoded copy (which keeps indexes, not the exact extremes) agree.
    func highestEquivalent(_ recorded: UInt64) -> UInt64 {
        value(at: index(of: recorded) + 1) - 1
    }
}
