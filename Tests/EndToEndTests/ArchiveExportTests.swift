import Foundation
import KetupekApp
import KetupekHTTP
import KetupekTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The archive on the real binary: survives a restart, exports a static site nginx serves the same")
struct ArchiveExportTests {
    @Test(
        "publish, restart, export-site; nginx serves the exported copy byte for byte, .gz too; a re-export drops what was withdrawn"
    )
    func exportServedByNginx() async throws {
        let directory = try TemporaryDirectory("ketupek-e2e")
        defer { directory.remove() }
        let site = try TemporaryDirectory("ketupek-site")
        defer { site.remove() }
        var configuration = Configuration()
        configuration.dataDirectory = directory.path
        let admin = [
            "Authorization": "Bearer \(try await AdminCommands.createToken(configuration, name: "e2e", role: .admin))"
        ]
        var server = try ServerProcess(
            dataDirectory: directory.path, extraArguments: ["--public-url", "https://tanya.example.go.id"])
        let client = server.client
        func send(_ method: String, _ path: String, _ body: String) async throws -> TestResponse {
            let response = try await client.json(method, path, body, headers: admin)
            guard (200..<300).contains(response.status) else {
                throw TestClientError("\(path): \(response.status) \(response.text)")
            }
            return response
        }
        _ = try await send(
            "POST", "/api/v1/sessions",
            #"{"slug": "ekspor", "title": "Ekspor & <Uji>", "videoURL": "https://www.youtube.com/watch?v=abc123DEF45"}"#
        )
        _ = try await send("POST", "/api/v1/sessions/ekspor/state", #"{"state": "live"}"#)
        let ingest = try await send(
            "POST", "/api/v1/sessions/ekspor/comments",
            #"""
            [{"source": "api", "externalID": "1", "text": "Bagaimana mengurus KTP elektronik yang hilang?", "author": "Rina"},
             {"source": "api", "externalID": "2", "text": "Is the bus schedule changing in January?", "author": ""}]
            """#)
        let ids = (ingest.json["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(ids.count == 2)
        for (id, summary) in zip(
            ids, ["Lapor ke Dukcapil dengan surat kehilangan dari polisi.", "Yes, from 6 January."])
        {
            _ = try await send(
                "POST", "/api/v1/questions/\(id)/commands", #"{"command": "approve", "expectedVersion": 1}"#)
            _ = try await send(
                "POST", "/api/v1/questions/\(id)/commands",
                #"{"command": "answer", "summary": "\#(summary)", "expectedVersion": 2}"#)
        }
        _ = try await send("POST", "/api/v1/sessions/ekspor/state", #"{"state": "ended"}"#)
        _ = try await send("POST", "/api/v1/sessions/ekspor/state", #"{"state": "published"}"#)

        // Rendered once and stored: a restart serves the same bytes without rendering again.
        let before = try await client.send("GET", "/en/archive/ekspor")
        #expect(before.status == 200)
        #expect(server.stop() == 0)
        server = try ServerProcess(
            dataDirectory: directory.path, extraArguments: ["--public-url", "https://tanya.example.go.id"])
        let restarted = server.client
        let after = try await restarted.send("GET", "/en/archive/ekspor")
        #expect(after.body == before.body && after.header("ETag") == before.header("ETag"))
        #expect(after.header("Last-Modified") == before.header("Last-Modified"))

        func exportSite(into folder: String) throws -> (status: Int32, output: String) {
            let export = Process()
            export.executableURL = ServerProcess.binary
            export.arguments = [
                "export-site", folder, "--data-dir", directory.path,
                "--public-dir", ServerProcess.packageRoot.appendingPathComponent("Public").path,
            ]
            let output = Pipe()
            export.standardOutput = output
            export.standardError = output
            try export.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            export.waitUntilExit()
            return (export.terminationStatus, text)
        }
        let exported = try exportSite(into: site.path)
        #expect(exported.status == 0 && exported.output.hasPrefix("exported "), "\(exported.output)")
        #expect(FileManager.default.fileExists(atPath: site.file("en/archive/ekspor/index.html.gz")))

        let nginx = try NginxProcess(root: site.path)
        defer { nginx.stop() }
        let paths = [
            "/archive", "/archive/ekspor", "/id/archive", "/en/archive", "/id/archive/ekspor", "/en/archive/ekspor",
            "/en/archive/ekspor/by-stakeholder", "/id/archive/ekspor/q/\(ids[0])", "/en/archive/ekspor/q/\(ids[1])",
            "/archive/ekspor.json", "/archive/ekspor.md", "/archive/ekspor.csv", "/id/archive/feed.atom",
            "/en/archive/feed.atom", "/css/archive.css",
        ]
        for path in paths {
            let ours = try await restarted.send("GET", path)
            let theirs = try await nginx.client.send("GET", path)
            #expect(ours.status == 200 && theirs.status == 200, "\(path): \(ours.status) \(theirs.status)")
            #expect(ours.body == theirs.body, "\(path)")
            #expect(ours.header("Content-Type") == theirs.header("Content-Type"), "\(path)")
            let zipped = try await nginx.client.send("GET", path, headers: ["Accept-Encoding": "gzip"])
            #expect(zipped.header("Content-Encoding") == "gzip", "\(path)")
            #expect(try Gzip.decompress(zipped.body) == ours.body, "\(path)")
        }
        #expect(
            try await nginx.client.send("GET", "/en/archive/ekspor").text.contains(
                "https://tanya.example.go.id/en/archive/search"),
            "the static copy's search form goes to the live server")

        // Unpublished, then exported again into the same folder: the copy loses the session too.
        let unpublished = try await restarted.json(
            "POST", "/api/v1/sessions/ekspor/state", #"{"state": "ended"}"#, headers: admin)
        #expect(unpublished.status == 200)
        #expect(try exportSite(into: site.path).status == 0)
        #expect(!FileManager.default.fileExists(atPath: site.file("en/archive/ekspor/index.html")))
        #expect(!FileManager.default.fileExists(atPath: site.file("archive/ekspor.json")))
        #expect(!(try await nginx.client.send("GET", "/en/archive").text.contains("ekspor")))
        // A folder holding anything but an earlier export is left alone.
        let foreign = try TemporaryDirectory("ketupek-foreign")
        defer { foreign.remove() }
        try "keep me".write(toFile: foreign.file("notes.txt"), atomically: true, encoding: .utf8)
        let refused = try exportSite(into: foreign.path)
        #expect(refused.status != 0 && refused.output.contains("not empty"))
        #expect(FileManager.default.fileExists(atPath: foreign.file("notes.txt")))
        #expect(server.stop() == 0)
    }
}
