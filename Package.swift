// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Lockstep",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "lockstep", targets: ["lockstep"]),
    .executable(name: "lockstep-bench", targets: ["LockstepBenchmarks"]),
    .library(name: "OCL", targets: ["OCL"]),
    .library(name: "LockstepModel", targets: ["LockstepModel"]),
    .library(name: "LockstepEngine", targets: ["LockstepEngine"]),
    .library(name: "LockstepReport", targets: ["LockstepReport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .target(name: "OCL"),
    .target(name: "LockstepModel", dependencies: ["OCL", "Yams"]),
    .target(name: "LockstepEngine", dependencies: ["OCL", "LockstepModel"]),
    .systemLibrary(
      name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    .target(name: "CXML", dependencies: ["CLibXML2"]),
    .target(name: "LockstepReport", dependencies: ["LockstepModel", "LockstepEngine", "CXML"]),
    .executableTarget(
      name: "lockstep",
      dependencies: [
        "OCL", "LockstepModel", "LockstepEngine", "LockstepReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "LockstepBenchmarks",
      dependencies: ["OCL", "LockstepModel"],
      path: "Benchmarks/Runner"
    ),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "OCLTests", dependencies: ["OCL", "TestSupport"]),
    .testTarget(name: "LockstepModelTests", dependencies: ["LockstepModel", "TestSupport"]),
    .testTarget(name: "LockstepEngineTests", dependencies: ["LockstepEngine", "TestSupport"]),
    .testTarget(name: "LockstepReportTests", dependencies: ["LockstepReport", "CXML", "TestSupport"]),
    .testTarget(name: "LockstepCLITests", dependencies: ["TestSupport"]),
  ]
)
