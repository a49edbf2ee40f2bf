// swift-tools-version: 6.1
// Coverage-guided fuzzing of every reader with libFuzzer: `scripts/fuzz` builds this package with
// `-sanitize=fuzzer,address` in its own build folder and runs one target at a time.
import Foundation
import PackageDescription

// The main package is the folder above; its identity is that folder's name, whatever the clone is called.
let main = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "ParleyFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "ParleyFuzz",
            dependencies: [.product(name: "ParleyKit", package: main), .product(name: "ParleyEngines", package: main)]
        ),
    ]
)
