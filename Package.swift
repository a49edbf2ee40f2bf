// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ParleyKit", targets: ["ParleyKit"]),
        // The engines on their own, for programs that drive them directly (the benchmarks).
        .library(name: "ParleyEngines", targets: ["ParleyCore", "ParleyFormats", "ParleyAnalysis", "ParleyConflict",
                                                  "ParleyForecast", "ParleySimulation"]),
        .executable(name: "parley", targets: ["parley"]),
        .executable(name: "parley-serve", targets: ["parley-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        // The workspace: an HTTP server and an embedded database, in their own targets.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(name: "ParleyCore"),
        .target(name: "ParleyFormats", dependencies: ["ParleyCore", "Yams"]),
        .target(name: "ParleyAnalysis", dependencies: ["ParleyCore"]),
        .target(name: "ParleyConflict", dependencies: ["ParleyCore"]),
        .target(name: "ParleyCharts", dependencies: ["ParleyCore"]),
        .target(name: "ParleyForecast", dependencies: ["ParleyCore"]),
        .target(name: "ParleySimulation", dependencies: ["ParleyCore", "ParleyAnalysis"]),
        .target(name: "ParleyReport", dependencies: ["ParleyCore", "ParleyAnalysis", "ParleyConflict", "ParleyCharts", "ParleyForecast", "ParleySimulation",
                                                     .product(name: "Plot", package: "Plot")]),
        .target(
            name: "ParleyKit",
            dependencies: ["ParleyCore", "ParleyFormats", "ParleyAnalysis", "ParleyConflict", "ParleyForecast", "ParleySimulation", "ParleyReport",
                           "ParleyLLM"],
            resources: [.copy("Resources/ukraine-2024-11.yaml"), .copy("Resources/template.yaml")]
        ),
        // Language models in the seats: an OpenAI-compatible chat-completions client and the prompts.
        .target(name: "ParleyLLM", dependencies: ["ParleyCore", "ParleyAnalysis", "ParleySimulation", "CParleyCurl"]),
        // libcurl, opened on the first request, so that starting parley does not load it.
        .target(name: "CParleyCurl"),
        // The workspace's store: scenarios, immutable versions and stored results in SQLite.
        .target(name: "ParleyStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift"),
                                                   .product(name: "Crypto", package: "swift-crypto")]),
        // The workspace's HTTP server: routes that translate HTTP to ParleyKit use cases.
        .target(
            name: "ParleyServer",
            dependencies: ["ParleyCore", "ParleyKit", "ParleyStore", "ParleyCharts", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "MultipartKit", package: "multipart-kit"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Assets")]
        ),
        // The command line; `parley serve` hands over to `parley-serve`, the workspace server beside
        // it, so that the other commands do not load the server (a smaller program that starts faster).
        // (Not a dependency: the package manager would link the server's libraries into `parley`.)
        .executableTarget(
            name: "parley",
            dependencies: ["ParleyKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "parley-serve",
            dependencies: ["ParleyKit", "ParleyServer", "ParleyStore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Generators shared by the test targets (seeded random scenarios).
        .target(name: "ParleyTestSupport", dependencies: ["ParleyCore"], path: "Tests/Support"),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"]),
        .testTarget(
            name: "ParleyFormatsTests",
            dependencies: ["ParleyFormats", "ParleyCore", "ParleyAnalysis"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ParleyChartsTests", dependencies: ["ParleyCharts"]),
        .testTarget(name: "ParleySimulationTests", dependencies: ["ParleySimulation", "ParleyAnalysis", "ParleyCore", "ParleyFormats", "ParleyTestSupport"]),
        .testTarget(name: "ParleyForecastTests", dependencies: ["ParleyForecast", "ParleyCore", "ParleyFormats"], exclude: ["Fixtures"]),
        .testTarget(name: "ParleyConflictTests", dependencies: ["ParleyConflict", "ParleyCore", "ParleyFormats"]),
        .testTarget(name: "ParleyAnalysisTests", dependencies: ["ParleyAnalysis", "ParleyCore", "ParleyFormats", "ParleyTestSupport"]),
        .testTarget(name: "ParleyKitTests", dependencies: ["ParleyKit", "ParleyCore", "ParleyReport", "ParleyAnalysis", "ParleyFormats", "ParleyConflict",
                                                         "ParleyForecast", "ParleySimulation"], exclude: ["Golden", "FuzzRegressions", "Malformed"]),
        .testTarget(name: "ParleyStoreTests", dependencies: ["ParleyStore"]),
        .testTarget(name: "ParleyServerTests", dependencies: ["ParleyServer", "ParleyStore", "ParleyKit", "ParleyCore", "ParleyLLM",
                                                            .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]),
    ]
)
