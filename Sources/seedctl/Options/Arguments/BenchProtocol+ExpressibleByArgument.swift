import ArgumentParser
import SeedKit

/// `bench --protocol simple|extended|prepared`.
extension BenchProtocol: ExpressibleByArgument {}
