import Foundation
import KetupekArchive
import KetupekCore
import KetupekHTTP
import KetupekStore

/// `ketupek export-site DIR`: the published archive as a static site any web server or CDN can serve.
///
/// Every stored document is written as it is served (HTML pages as `…/index.html`), each with the
/// pre-compressed `.gz` copy beside it (for nginx's `gzip_static`, say); the Indonesian pages are also
/// written at the language-neutral paths (`/archive/…`), which a static server cannot negotiate. The
/// stylesheet the pages link to is copied too. It reads the database beside a running server. Exporting
/// again into the same folder replaces the earlier copy, withdrawn sessions included.
public enum ArchiveExport {
    /// What an export wrote.
    public struct Summary: Sendable, Equatable {
        public var files: Int
        public var bytes: Int
        public var compressedBytes: Int
    }

    /// Left in an exported folder, so the next export may empty it first: a withdrawn session must not linger
    /// in the copy.
    static let marker = ".ketupek-export"

    /// Files the pages link to, copied from the public folder.
    static let assets = ["css/archive.css", "img/favicon.svg"]

    /// Writes the archive into `directory`, calling `progress(done, total)` after each document.
    public static func run(
        _ configuration: Configuration, directory: String, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Summary {
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw CommandLineError.invalid(
                "no database at \(configuration.databasePath): pass the server's --data-dir")
        }
        let store = try SQLiteEventStore(path: configuration.databasePath)
        defer { store.close() }
        let documents = try store.archiveDocuments()
        guard !documents.isEmpty else {
            throw CommandLineError.invalid(
                "nothing to export: the archive is empty (start the server once, publish a session)")
        }
        let folder = URL(fileURLWithPath: directory)
        try prepare(folder)
        let writer = StaticSiteWriter(directory: folder)
        var summary = Summary(files: 0, bytes: 0, compressedBytes: 0)
        let total = documents.count + assets.count
        for (index, record) in documents.enumerated() {
            let body = try Gzip.decompress(record.gzipBody, maxSize: record.identitySize + 1)
            let document = ArchiveDocument(path: record.path, contentType: record.contentType, body: body)
            let copies = try writer.write(document, gzip: record.gzipBody).count
            summary.files += 2 * copies
            summary.bytes += body.count * copies
            summary.compressedBytes += record.gzipBody.count * copies
            progress(index + 1, total)
        }
        let root = URL(fileURLWithPath: configuration.publicDirectory)
        for (index, asset) in assets.enumerated() {
            let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(asset)))
            let gzip = Gzip.compress(bytes, level: 9)
            try writer.write(path: "/" + asset, body: bytes, gzip: gzip)
            summary.files += 2
            summary.bytes += bytes.count
            summary.compressedBytes += gzip.count
            progress(documents.count + index + 1, total)
        }
        try Data().write(to: folder.appendingPathComponent(marker))
        return summary
    }
}

extension ArchiveExport {
    /// Makes `folder` ready: created when missing, emptied when a previous export left it; any other
    /// non-empty folder is refused rather than mixed with (or emptied of) someone's files.
    static func prepare(_ folder: URL) throws {
        let files = FileManager.default
        guard let contents = try? files.contentsOfDirectory(atPath: folder.path) else {
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
            return
        }
        guard !contents.isEmpty else { return }
        guard contents.contains(marker) else {
            throw CommandLineError.invalid(
                "\(folder.path) is not empty and holds no earlier export: choose an empty or new folder")
        }
        for name in contents { try files.removeItem(at: folder.appendingPathComponent(name)) }
    }
}

/// A one-line progress bar for a terminal: `[#########-----------]  45%  123/270`.
public struct ProgressBar: Sendable {
    public let width: Int

    public init(width: Int = 30) { self.width = width }

    /// The line for `done` of `total` (without the leading carriage return).
    public func line(done: Int, total: Int) -> String {
        let fraction = total > 0 ? min(max(Double(done) / Double(total), 0), 1) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let percent = String(Int((fraction * 100).rounded(.down)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(repeating: " ", count: 3 - percent.count) + percent + "%  \(done)/\(total)"
    }
}
