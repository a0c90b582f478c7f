import Foundation
import Testing

@testable import KetupekArchive

@Suite("Static site writer")
struct StaticSiteWriterTests {
    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "ketupek-archive-\(UUID().uuidString)")
    }

    private func read(_ url: URL) -> [UInt8]? { (try? Data(contentsOf: url)).map(Array.init) }

    @Test("pages become index.html files, other documents files, with a .gz beside them")
    func layout() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = StaticSiteWriter(directory: folder)
        try writer.write(path: "/en/archive/town-hall", body: Array("page".utf8), gzip: [1, 2, 3])
        try writer.write(path: "/archive/town-hall.csv", body: Array("csv".utf8), gzip: nil)
        try writer.write(path: "/en/archive/feed.atom", body: Array("feed".utf8), gzip: [4])
        try writer.write(path: "/en/archive", body: Array("index".utf8), gzip: nil)
        #expect(read(folder.appending(path: "en/archive/town-hall/index.html")) == Array("page".utf8))
        #expect(read(folder.appending(path: "en/archive/town-hall/index.html.gz")) == [1, 2, 3])
        #expect(read(folder.appending(path: "archive/town-hall.csv")) == Array("csv".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "archive/town-hall.csv.gz").path))
        #expect(read(folder.appending(path: "en/archive/feed.atom.gz")) == [4])
        #expect(read(folder.appending(path: "en/archive/index.html")) == Array("index".utf8))
        try writer.write(path: "/en/archive", body: Array("again".utf8), gzip: nil)
        #expect(read(folder.appending(path: "en/archive/index.html")) == Array("again".utf8))
    }

    @Test("an Indonesian document is also written at its negotiated path")
    func negotiatedCopy() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = StaticSiteWriter(directory: folder)
        #expect(
            try writer.write(
                ArchiveDocument(path: "/id/archive/x", contentType: ArchiveDocument.html, body: [7]), gzip: nil)
                == ["/id/archive/x", "/archive/x"])
        #expect(
            try writer.write(
                ArchiveDocument(path: "/en/archive/x", contentType: ArchiveDocument.html, body: [8]), gzip: nil)
                == ["/en/archive/x"])
        #expect(
            try writer.write(
                ArchiveDocument(path: "/archive/x.json", contentType: ArchiveDocument.json, body: [9]), gzip: nil)
                == ["/archive/x.json"])
        #expect(read(folder.appending(path: "id/archive/x/index.html")) == [7])
        #expect(read(folder.appending(path: "archive/x/index.html")) == [7])
        #expect(read(folder.appending(path: "en/archive/x/index.html")) == [8])
        #expect(read(folder.appending(path: "archive/x.json")) == [9])
    }

    @Test(
        "paths that could leave the folder are refused",
        arguments: [
            "", "/", "archive/x", "/archive/../etc/passwd", "/archive/./x", "/archive//x", "/archive/x/",
            "/archive\\x", "/archive/x\u{0}.html", "/..", "../x",
        ])
    func unsafe(path: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = StaticSiteWriter(directory: folder)
        let error = #expect(throws: StaticSiteWriter.Failure.self) {
            try writer.write(path: path, body: [1], gzip: nil)
        }
        #expect(error?.code == .unsafePath)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test("a folder that cannot be written is reported")
    func unwritable() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([1]).write(to: folder)  // a file where the folder should be
        let error = #expect(throws: StaticSiteWriter.Failure.self) {
            try StaticSiteWriter(directory: folder).write(path: "/archive/x.csv", body: [1], gzip: nil)
        }
        #expect(error?.code == .writeFailed)
        #expect(error?.description.contains("could not write") == true)
    }
}
