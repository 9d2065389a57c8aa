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
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
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
    // simdjson (Debian's libsimdjson-dev) reads admission requests; C++ behind a C header.
    .target(name: "CSimdJSON", linkerSettings: [.linkedLibrary("simdjson")]),
    .target(
      name: "LockstepServer",
      dependencies: [
        "OCL", "LockstepModel", "LockstepEngine", "LockstepReport", "CSimdJSON",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SQLiteNIO", package: "sqlite-nio"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
      ]
    ),
    .executableTarget(
      name: "lockstep",
      dependencies: [
        "OCL", "LockstepModel", "LockstepEngine", "LockstepReport", "LockstepServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "LockstepBenchmarks",
      dependencies: [
        "OCL", "LockstepModel", "LockstepEngine", "LockstepServer",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Benchmarks/Runner"
    ),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "OCLTests", dependencies: ["OCL", "TestSupport"]),
    .testTarget(name: "LockstepModelTests", dependencies: ["LockstepModel", "TestSupport"]),
    .testTarget(name: "LockstepEngineTests", dependencies: ["LockstepEngine", "TestSupport"]),
    .testTarget(name: "LockstepReportTests", dependencies: ["LockstepReport", "CXML", "TestSupport"]),
    .testTarget(
      name: "LockstepServerTests",
      dependencies: [
        "LockstepServer", "LockstepEngine", "LockstepReport", "OCL", "TestSupport", "CSimdJSON",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
    .testTarget(
      name: "LockstepCLITests",
      dependencies: [
        "TestSupport",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
      ]
    ),
  ],
  cxxLanguageStandard: .cxx17
)
