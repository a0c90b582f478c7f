import Foundation
import KetupekApp
import KetupekTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The real binary: start, stream, shut down")
struct LifecycleTests {
    @Test("SIGTERM ends open streams cleanly, finishes, and exits 0; the data is intact")
    func gracefulShutdown() async throws {
        let directory = try TemporaryDirectory("ketupek-e2e")
        defer { directory.remove() }
        var configuration = Configuration()
        configuration.dataDirectory = directory.path
        let admin = try await AdminCommands.createToken(configuration, name: "e2e", role: .admin)
        let auth = ["Authorization": "Bearer \(admin)"]
        let server = try ServerProcess(dataDirectory: directory.path)
        #expect(
            try await server.client.json("POST", "/api/v1/sessions", #"{"slug": "bye", "title": "Bye"}"#, headers: auth)
                .status == 201)
        let port = server.port
        let streams = try await offPool {
            try (0..<20).map { _ in
                try EventStreamReader(port: port, target: "/api/v1/sessions/bye/events", headers: auth)
            }
        }
        #expect(streams.allSatisfy { $0.status == 200 })
        let started = Date()
        #expect(server.stop(signal: SIGTERM, timeout: 10) == 0)
        #expect(Date().timeIntervalSince(started) < 8)
        let ended = try await offPool {
            try streams.map { stream in
                _ = try stream.events(count: 1, timeout: 3)
                return stream.ended
            }
        }
        #expect(ended.allSatisfy { $0 }, "every stream saw its end")

        let again = try ServerProcess(dataDirectory: directory.path)
        let session = try await again.client.send("GET", "/api/v1/sessions/bye", headers: auth)
        #expect(session.status == 200)
        #expect(again.stop() == 0)
    }

    @Test("a second server on the same data folder is refused; the folder is free again after kill -9")
    func oneServerPerFolder() throws {
        let directory = try TemporaryDirectory("ketupek-e2e")
        defer { directory.remove() }
        let first = try ServerProcess(dataDirectory: directory.path)
        #expect(throws: TestClientError.self) { try ServerProcess(dataDirectory: directory.path, timeout: 5) }
        first.stop(signal: SIGKILL)
        let second = try ServerProcess(dataDirectory: directory.path)
        #expect(second.stop() == 0)
    }

    @Test("a bad configuration value exits non-zero naming the key")
    func badConfiguration() throws {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = ["serve", "--port", "99999"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("port"))
    }
}
