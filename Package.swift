// swift-tools-version:6.0
import PackageDescription

// Linux only: SeedKit uses Glibc and reads /proc (Sources/SeedKit/LinuxOnly.swift says so at build time).

let package = Package(
    name: "seedctl",
    products: [
        .executable(name: "seedctl", targets: ["seedctl"]),
        .library(name: "SeedKit", targets: ["SeedKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CAffinity"),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "SeedKit",
            dependencies: [
                "CAffinity",
                "CLibPQ",
                "CSQLite",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "seedctl",
            dependencies: [
                "SeedKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SeedKitTests",
            dependencies: ["SeedKit", .product(name: "Prometheus", package: "swift-prometheus")],
            exclude: ["Explain/Fixtures"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["SeedKit", "seedctl", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures", "Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
