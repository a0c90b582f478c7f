// swift-tools-version:6.2
// A stand-alone package (so the main Package.swift stays untouched) that builds a tiny SSE server from the
// KetupekHTTP sources (symlinked) for the idle-CPU measurement in measure.py.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6), .treatAllWarnings(as: .error)]

let package = Package(
    name: "sse-idle",
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd"),
        .target(name: "CKetupekShims", dependencies: ["CSQLite", "CZlib", "CMicroHTTPD"]),
        .target(name: "KetupekTelemetry", swiftSettings: strict),
        .target(
            name: "KetupekHTTP", dependencies: ["KetupekTelemetry", "CMicroHTTPD", "CZlib", "CKetupekShims"],
            swiftSettings: strict),
        .executableTarget(
            name: "sse-idle-server", dependencies: ["KetupekHTTP", "KetupekTelemetry"], swiftSettings: strict),
    ]
)
