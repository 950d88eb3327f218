import Testing

@testable import SeedKit

struct DatasetDigestTests {
    /// The dataset digest is SHA-256 over "table TAB rows TAB sum LF" per table, in order.
    @Test func valueIsSHA256OfTheTableLines() {
        let digest = DatasetDigest(tables: [
            .init(table: "patterns", rows: 2, sum: "00000000000000010000000000000002"),
            .init(table: "tech_research", rows: 0, sum: "00000000000000000000000000000000"),
        ])
        // printf 'patterns\t2\t0…01…02\ntech_research\t0\t0…0\n' | sha256sum
        #expect(digest.value == "7cf2d4e9387b9ae038af2e521717f9a7dfb2d8cf0d9f1946b89912e5a80019fa")
        #expect(
            DatasetDigest(tables: []).value
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
