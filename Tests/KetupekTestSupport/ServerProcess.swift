import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `ketupek` binary, started with `serve --port 0` on a data folder; ready once it printed its
/// listening line.
public final class ServerProcess: @unchecked Sendable {
    // @unchecked Sendable: the process handle is used by one test at a time.
    public let process: Process
    public let port: Int
    private let output: Pipe

    /// The package's root folder (tests run from anywhere).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary: `KETUPEK_BINARY`, else next to the test bundle, else `.build/debug/ketupek`.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["KETUPEK_BINARY"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("ketupek")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for configuration in ["debug", "release"] {
            let built = packageRoot.appendingPathComponent(".build/\(configuration)/ketupek")
            if FileManager.default.isExecutableFile(atPath: built.path) { return built }
        }
        return packageRoot.appendingPathComponent(".build/debug/ketupek")
    }

    /// Starts the server and waits (at most `timeout`) for `listening on http://127.0.0.1:PORT`.
    public init(dataDirectory: String, extraArguments: [String] = [], timeout: Double = 20) throws {
        process = Process()
        process.executableURL = Self.binary
        process.arguments =
            [
                "serve", "--port", "0", "--data-dir", dataDirectory, "--public-dir",
                Self.packageRoot.appendingPathComponent("Public").path, "--log-level", "warning",
            ]
            + extraArguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var seen = ""
        var found: Int?
        let handle = output.fileHandleForReading
        while found == nil, Date() < deadline, process.isRunning {
            let data = handle.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = Int(seen[range].split(separator: ":").last ?? "")
            }
        }
        guard let found else {
            process.terminate()
            throw TestClientError("the server did not print its listening line; it printed: \(seen)")
        }
        port = found
    }

    public var client: TestHTTPClient { TestHTTPClient(port: port) }

    /// Sends `signal` and waits (at most `timeout`) for the process to end; returns its exit status.
    @discardableResult
    public func stop(signal number: Int32 = SIGTERM, timeout: Double = 10) -> Int32? {
        kill(process.processIdentifier, number)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
