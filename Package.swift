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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
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
            dependencies: ["ParleyCore", "ParleyFormats", "ParleyAnalysis", "ParleyConflict", "ParleyForecast", "ParleySimulation", "ParleyReport"],
            resources: [.copy("Resources/ukraine-2024-11.yaml"), .copy("Resources/template.yaml")]
        ),
        .executableTarget(
            name: "parley",
            dependencies: ["ParleyKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Generators shared by the test targets (seeded random scenarios).
        .target(name: "ParleyTestSupport", dependencies: ["ParleyCore"], path: "Tests/Support"),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"]),
        .testTarget(
            name: "ParleyFormatsTests",
            dependencies: ["ParleyFormats", "ParleyCore"]
        ),
        .testTarget(name: "ParleyChartsTests", dependencies: ["ParleyCharts"]),
        .testTarget(name: "ParleySimulationTests", dependencies: ["ParleySimulation", "ParleyAnalysis", "ParleyCore", "ParleyFormats", "ParleyTestSupport"]),
        .testTarget(name: "ParleyForecastTests", dependencies: ["ParleyForecast", "ParleyCore", "ParleyFormats"]),
        .testTarget(name: "ParleyConflictTests", dependencies: ["ParleyConflict", "ParleyCore", "ParleyFormats"]),
        .testTarget(name: "ParleyAnalysisTests", dependencies: ["ParleyAnalysis", "ParleyCore", "ParleyFormats", "ParleyTestSupport"]),
        .testTarget(name: "ParleyKitTests", dependencies: ["ParleyKit", "ParleyReport", "ParleyAnalysis", "ParleyFormats", "ParleyConflict",
                                                         "ParleyForecast", "ParleySimulation"], exclude: ["Golden", "FuzzRegressions"]),
    ]
)
