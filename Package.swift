// swift-tools-version:6.1
// HedgeLab: a command-line backtesting engine for portfolio hedging with options.
//
// Dependencies point one way:
//   Pricing ← MarketData ← Simulation ← Analytics ← Experiments ← HedgeLabCLI ← hedgelab
// Each external library enters through the modules that own what it stores or parses: GRDB
// in MarketData (market series) and Experiments (recorded runs and sweeps, typed records in
// the same file), Yams in Simulation (scenario files), ArgumentParser in HedgeLabCLI.
// RealModule anywhere.
import Foundation
import PackageDescription

/// Release builds target the CPU they are built on (`-march=native`): the batch pricer's and
/// the Monte Carlo kernels' loops then use the machine's full vector width (AVX2/AVX-512 on
/// x86-64): measured here, 1.5× (Monte Carlo, one thread) to about 6× (batch greeks) faster
/// than the baseline x86-64 target.
/// HedgeLab is built from source where it runs; set `HEDGELAB_PORTABLE=1` to build a binary
/// that runs on any CPU of the architecture.
let nativeCPU: [SwiftSetting] =
  ProcessInfo.processInfo.environment["HEDGELAB_PORTABLE"] == "1"
  ? [] : [.unsafeFlags(["-Xcc", "-march=native"], .when(configuration: .release))]

let strictSwift: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
] + nativeCPU

let package = Package(
  name: "HedgeLab",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "hedgelab", targets: ["hedgelab"]),
    .library(name: "Pricing", targets: ["Pricing"]),
    .library(name: "MarketData", targets: ["MarketData"]),
    .library(name: "Simulation", targets: ["Simulation"]),
    .library(name: "Analytics", targets: ["Analytics"]),
    .library(name: "Experiments", targets: ["Experiments"]),
    .library(name: "HedgeLabCLI", targets: ["HedgeLabCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "Pricing",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: strictSwift),
    .target(
      name: "SimulationTestSupport",
      dependencies: ["MarketData", "Simulation", "HedgeLabTestSupport"],
      swiftSettings: strictSwift),
    .target(
      name: "MarketData",
      dependencies: [
        "Pricing",
        .product(name: "GRDB", package: "GRDB.swift"),
        // The raw SQLite C API, for binding without boxing on the ingest hot path.
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: strictSwift),
    .target(
      name: "Simulation",
      dependencies: ["Pricing", "MarketData", "Yams"],
      swiftSettings: strictSwift),
    .target(
      name: "Analytics",
      dependencies: ["Pricing", "MarketData", "Simulation"],
      swiftSettings: strictSwift),
    .target(
      name: "Experiments",
      dependencies: [
        "Pricing", "MarketData", "Simulation", "Analytics",
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: strictSwift),
    .target(
      name: "HedgeLabCLI",
      dependencies: [
        "Pricing", "MarketData", "Simulation", "Analytics", "Experiments",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift),
    .executableTarget(
      name: "hedgelab",
      dependencies: ["HedgeLabCLI"],
      swiftSettings: strictSwift),

    // MARK: - Test support (not a product)
    .target(
      name: "HedgeLabTestSupport",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: strictSwift),

    // MARK: - Unit test bundles
    .testTarget(
      name: "PricingTests",
      dependencies: ["Pricing", "HedgeLabTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "MarketDataTests",
      dependencies: ["MarketData", "HedgeLabTestSupport"],
      // The option-chain fixture, read through #filePath.
      exclude: ["Fixtures"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "SimulationTests",
      dependencies: ["Simulation", "Analytics", "HedgeLabTestSupport", "SimulationTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "AnalyticsTests",
      dependencies: ["Analytics", "HedgeLabTestSupport"],
      // Fixtures/returns.csv is read through #filePath (written by
      // Benchmarks/metrics/reference_metrics.py), not bundled as a resource; so are the
      // golden exports of Export/Golden.
      exclude: ["Fixtures", "Export/Golden"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "ExperimentsTests",
      dependencies: ["Experiments", "HedgeLabTestSupport", "SimulationTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "HedgeLabCLITests",
      dependencies: ["HedgeLabCLI", "Experiments", "HedgeLabTestSupport"],
      // The golden help texts, read through #filePath.
      exclude: ["Golden"],
      swiftSettings: strictSwift),
  ]
)
