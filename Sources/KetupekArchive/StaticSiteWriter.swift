import Foundation
import KetupekCore

/// Writes archive documents into a folder any web server or CDN can serve as a static site: HTML pages as
/// `{path}/index.html`, feeds and downloads as files, each optionally with a pre-compressed `.gz` beside it.
public struct StaticSiteWriter: Sendable {
    /// Why a document could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public enum Code: String, Sendable {
            /// The path is not a clean absolute path (relative, `..`, `.`, empty segments, `\` or NUL).
            case unsafePath = "unsafe_path"
            /// The file system refused to create a folder or write a file.
            case writeFailed = "write_failed"
        }

        /// What went wrong.
        public var code: Code
        /// What failed and how to fix it.
        public var message: String
        /// The file system's error, if any.
        public var underlying: (any Error)?
        /// Where it was raised.
        public var location: String

        /// A failure; the location defaults to the caller's.
        public init(
            _ code: Code, _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
        ) {
            self.code = code
            self.message = message
            self.underlying = underlying
            self.location = "\(file):\(line)"
        }

        /// The code and message, and the cause when there is one.
        public var description: String {
            "\(code.rawValue): \(message)" + (underlying.map { " (\($0))" } ?? "")
        }
    }

    /// The folder the site is written into; created when missing.
    public let directory: URL

    /// A writer into `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The file a document at `path` is written to, relative to the folder: `en/archive/x/index.html` for an
    /// HTML page, `archive/x.csv` for a download.
    ///
    /// - Throws: `Failure.unsafePath` when `path` is not absolute or has `..`, `.` or empty segments, a
    ///   backslash or a NUL.
    public static func relativeFile(for path: String) throws(Failure) -> String {
        guard path.hasPrefix("/"), path.count > 1 else {
            throw Failure(.unsafePath, "archive path \(String(reflecting: path)) must be absolute, like /en/archive")
        }
        guard !path.contains("\\"), !path.contains("\u{0}") else {
            throw Failure(.unsafePath, "archive path \(String(reflecting: path)) contains a backslash or NUL")
        }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw Failure(.unsafePath, "archive path \(String(reflecting: path)) has an empty, . or .. segment")
        }
        let relative = segments.joined(separator: "/")
        return ArchivePaths.isHTMLPage(path) ? relative + "/index.html" : relative
    }

    /// Writes `body` for `path` (and `gzip`, when given, as the same file with `.gz` appended), creating
    /// folders as needed and replacing what was there.
    ///
    /// - Throws: `Failure.unsafePath` for a path that could escape the folder, `Failure.writeFailed` when the
    ///   file system refuses.
    public func write(path: String, body: [UInt8], gzip: [UInt8]?) throws(Failure) {
        let relative = try Self.relativeFile(for: path)
        let file = directory.appending(path: relative, directoryHint: .notDirectory)
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(body).write(to: file, options: .atomic)
            if let gzip {
                try Data(gzip).write(to: URL(fileURLWithPath: file.path + ".gz"), options: .atomic)
            }
        } catch {
            throw Failure(
                .writeFailed, "could not write \(file.path): check that the export folder is writable and has space",
                underlying: error)
        }
    }

    /// Writes `document` like `write(path:body:gzip:)`; an Indonesian page is also written at its negotiated
    /// path (`/archive/…`), the copy a static server without language negotiation shows by default.
    ///
    /// - Returns: the paths written (one or two).
    @discardableResult
    public func write(_ document: ArchiveDocument, gzip: [UInt8]?) throws(Failure) -> [String] {
        var paths = [document.path]
        if ArchivePaths.language(of: document.path) == .id, let negotiated = ArchivePaths.negotiated(document.path) {
            paths.append(negotiated)
        }
        for path in paths { try write(path: path, body: document.body, gzip: gzip) }
        return paths
    }
}
