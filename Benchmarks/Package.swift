// swift-tools-version: 6.1
// Benchmarks of Parley's hot paths: `swift package benchmark` in this folder.
import Foundation
import PackageDescription

// The main package is the folder above; its identity is that folder's name, whatever the clone is called.
let main = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "ParleyBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "AgreementSpace",
            dependencies: [
                .product(name: "ParleyEngines", package: main),
                .product(name: "ParleyKit", package: main),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/AgreementSpace",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
