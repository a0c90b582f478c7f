import Foundation
import KetupekHTTP
import Testing

/// A temporary `Public/` folder with a few files, a subfolder with an index, and symlinks in and out.
struct PublicFolder {
    let base: URL
    let root: URL
    let css = String(repeating: "body { color: #123456; margin: 0 auto; }\n", count: 40)

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("ketupek-files-\(UUID().uuidString)")
        root = base.appendingPathComponent("Public")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try "<!doctype html><title>home</title>".write(
            to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "<!doctype html><title>docs</title>".write(
            to: root.appendingPathComponent("docs/index.html"), atomically: true, encoding: .utf8)
        try css.write(to: root.appendingPathComponent("app.css"), atomically: true, encoding: .utf8)
        try "export const a = 1;".write(to: root.appendingPathComponent("app.mjs"), atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: root.appendingPathComponent("logo.png"))
        try "{}".write(to: root.appendingPathComponent("site.webmanifest"), atomically: true, encoding: .utf8)
        try "top secret".write(to: base.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("escape.txt").path,
            withDestinationPath: base.appendingPathComponent("secret.txt").path)
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("escape-dir").path, withDestinationPath: base.path)
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("style.css").path,
            withDestinationPath: root.appendingPathComponent("app.css").path)
    }

    func remove() { try? FileManager.default.removeItem(at: base) }

    var router: Router {
        var router = Router()
        router.add(.get, "/api/ping") { _ in .text("pong") }
        router.add(.get, "/{path...}", FileServer(root: root).handler(parameter: "path"))
        return router
    }
}

@Suite("Static files")
struct FileServerTests {
    @Test("MIME types, charset, index.html, security headers and caching headers")
    func mimeTypes() async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        try await withServer(folder.router) { port, _ in
            let home = try await request(port, "GET", "/")
            #expect(home.status == 200)
            #expect(home.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(home.text.contains("home"))
            #expect(home.headers["X-Content-Type-Options"] == "nosniff")
            #expect(home.headers["Content-Security-Policy"] != nil)
            #expect(home.headers["Cache-Control"] == "no-cache")
            #expect(home.headers["Last-Modified"]?.hasSuffix("GMT") == true)

            let docs = try await request(port, "GET", "/docs/")
            #expect(docs.text.contains("docs"))
            #expect(
                try await request(port, "GET", "/app.mjs").headers["Content-Type"] == "text/javascript; charset=utf-8")
            #expect(try await request(port, "GET", "/logo.png").headers["Content-Type"] == "image/png")
            #expect(
                try await request(port, "GET", "/site.webmanifest").headers["Content-Type"]
                    == "application/manifest+json; charset=utf-8")
            #expect(try await request(port, "GET", "/api/ping").text == "pong")
            #expect(try await request(port, "GET", "/style.css").status == 200)  // a symlink inside the root is fine
            #expect(try await request(port, "GET", "/missing.css").status == 404)
        }
    }

    @Test("strong ETag; If-None-Match answers 304")
    func etag() async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        try await withServer(folder.router) { port, _ in
            let first = try await request(port, "GET", "/app.mjs")
            let etag = try #require(first.headers["ETag"])
            #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
            let again = try await request(port, "GET", "/app.mjs", headers: [("If-None-Match", etag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.headers["ETag"] == etag)
            #expect(again.headers["X-Frame-Options"] == "DENY")
            let other = try await request(port, "GET", "/app.mjs", headers: [("If-None-Match", "\"nope\"")])
            #expect(other.status == 200)
        }
    }

    @Test("gzip when accepted, decompressing to the file; Vary and a distinct ETag")
    func gzip() async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        try await withServer(folder.router) { port, _ in
            let zipped = try await request(port, "GET", "/app.css", headers: [("Accept-Encoding", "br, gzip;q=0.8")])
            #expect(zipped.status == 200)
            #expect(zipped.headers["Content-Encoding"] == "gzip")
            #expect(zipped.headers["Vary"] == "Accept-Encoding")
            #expect(zipped.body.count < folder.css.utf8.count)
            #expect(try Gzip.decompress(zipped.body) == Array(folder.css.utf8))

            let plain = try await request(port, "GET", "/app.css")
            #expect(plain.headers["Content-Encoding"] == nil)
            #expect(plain.text == folder.css)
            #expect(plain.headers["ETag"] != zipped.headers["ETag"])

            let refused = try await request(port, "GET", "/app.css", headers: [("Accept-Encoding", "gzip;q=0")])
            #expect(refused.headers["Content-Encoding"] == nil)

            let cached = try await request(port, "GET", "/app.css", headers: [("Accept-Encoding", "gzip")])
            #expect(cached.body == zipped.body)
            let revalidated = try await request(
                port, "GET", "/app.css",
                headers: [("Accept-Encoding", "gzip"), ("If-None-Match", zipped.headers["ETag"] ?? "")])
            #expect(revalidated.status == 304)
        }
    }

    @Test(
        "nothing outside the root: traversal in any encoding, NUL, backslash, symlinks out → 404",
        arguments: [
            "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd", "/..%2fsecret.txt",
            "/docs/..%2f..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt", "/docs/%00",
            "/docs%5c..%5csecret.txt",
            "/escape.txt", "/escape-dir/secret.txt", "/escape-dir/", "/%2fetc/passwd",
        ])
    func traversal(path: String) async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        try await withServer(folder.router) { port, _ in
            let response = try await request(port, "GET", path)
            #expect(response.status == 404 || response.status == 400, "\(path) → \(response.status)")
            #expect(!response.text.contains("top secret"))
            #expect(!response.text.contains("root:"))
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        }
    }
}
