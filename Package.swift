// swift-tools-version:6.2
import PackageDescription

/// Every Swift target: Swift 6 language mode (strict concurrency) and warnings as errors.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

func system(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Ketupek",
    products: [
        .executable(name: "ketupek", targets: ["ketupek"])
    ],
    dependencies: [],
    targets: [
        // C libraries from Debian: bare #includes only (SwiftPM does not track header edits here).
        system("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        system("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        system("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        system("CSodium", pkgConfig: "libsodium", apt: "libsodium-dev"),
        system("CQREncode", pkgConfig: "libqrencode", apt: "libqrencode-dev"),
        // Wrappers for what Swift cannot import (variadics, macros); a regular target so edits are tracked.
        .target(name: "CKetupekShims", dependencies: ["CSQLite", "CZlib", "CMicroHTTPD"]),

        .target(name: "KetupekTelemetry", swiftSettings: strict),
        .target(name: "KetupekCore", swiftSettings: strict),
        .target(name: "KetupekCrypto", dependencies: ["CSodium"], swiftSettings: strict),
        .target(
            name: "KetupekStore",
            dependencies: ["KetupekCore", "KetupekTelemetry", "CSQLite", "CKetupekShims"],
            swiftSettings: strict
        ),
        .target(
            name: "KetupekHTTP",
            dependencies: ["KetupekTelemetry", "CMicroHTTPD", "CZlib", "CKetupekShims"],
            swiftSettings: strict
        ),
        .target(
            name: "KetupekSources",
            dependencies: ["KetupekCore", "KetupekCrypto", "KetupekTelemetry", "CQREncode", "CZlib"],
            swiftSettings: strict
        ),
        .target(name: "KetupekArchive", dependencies: ["KetupekCore", "KetupekHTTP"], swiftSettings: strict),
        .target(
            name: "KetupekApp",
            dependencies: [
                "KetupekCore", "KetupekStore", "KetupekHTTP", "KetupekCrypto", "KetupekTelemetry", "KetupekSources",
                "KetupekArchive",
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(name: "ketupek", dependencies: ["KetupekApp", "KetupekTelemetry"], swiftSettings: strict),

        .target(
            name: "KetupekTestSupport",
            dependencies: ["KetupekCore", "KetupekStore", "KetupekApp", "KetupekTelemetry"],
            path: "Tests/KetupekTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "KetupekCoreTests", dependencies: ["KetupekCore"], swiftSettings: strict),
        .testTarget(name: "KetupekCryptoTests", dependencies: ["KetupekCrypto"], swiftSettings: strict),
        .testTarget(
            name: "KetupekStoreTests",
            dependencies: ["KetupekStore", "KetupekCore", "KetupekTestSupport", "CSQLite"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KetupekSourcesTests",
            dependencies: ["KetupekSources", "KetupekCore", "KetupekCrypto", "KetupekTestSupport", "CZlib"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KetupekArchiveTests",
            dependencies: ["KetupekArchive", "KetupekCore", "KetupekHTTP"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KetupekHTTPTests", dependencies: ["KetupekHTTP", "KetupekTelemetry"], swiftSettings: strict),
        .testTarget(
            name: "KetupekAppTests",
            dependencies: [
                "KetupekApp", "KetupekCore", "KetupekStore", "KetupekHTTP", "KetupekTestSupport", "KetupekSources",
                "KetupekCrypto",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["KetupekTestSupport", "KetupekStore", "KetupekCore", "KetupekCrypto"],
            swiftSettings: strict
        ),
    ]
)
