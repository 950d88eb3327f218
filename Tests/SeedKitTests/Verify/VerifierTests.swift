import Testing

@testable import SeedKit

/// The Wilson score lower bound `verify` recomputes for every pattern (the migrations store the
/// same formula in `patterns.wilson_score`).
struct VerifierTests {
    static let z2 = 3.8416

    @Test(arguments: [(0, 0), (5, 0), (0, 10), (0, 1)] as [(Double, Double)])
    func isZeroWithoutUsageOrSuccess(success: Double, usage: Double) {
        #expect(Verifier.wilson(success: success, usage: usage) == 0)
    }

    /// At s = n the bound has a closed form, n / (n + z²).
    @Test(arguments: [1, 2, 10, 1_000, 500_000] as [Double])
    func allSuccessesIsNOverNPlusZSquared(usage: Double) {
        let score = Verifier.wilson(success: usage, usage: usage)
        #expect(abs(score - usage / (usage + Self.z2)) < 1e-12)
        #expect(score < 1)
    }

    /// Textbook 95% Wilson lower bounds.
    @Test(
        arguments: [(5, 10, 0.236_590), (1, 2, 0.094_529), (50, 100, 0.403_830), (90, 100, 0.825_633)]
            as [(Double, Double, Double)])
    func matchesKnownIntervals(success: Double, usage: Double, lower: Double) {
        #expect(abs(Verifier.wilson(success: success, usage: usage) - lower) < 1e-6)
    }

    @Test func growsWithEvidenceAndStaysBelowTheRate() {
        var previous = 0.0
        for usage in [1.0, 10, 100, 1_000, 10_000] {
            let score = Verifier.wilson(success: usage * 0.8, usage: usage)
            #expect(score > previous && score < 0.8)
            previous = score
        }
    }
}
