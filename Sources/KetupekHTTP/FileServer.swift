import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the files under one folder (`Public/`), and nothing outside it.
///
/// Register it with a catch-all route: `router.add(.get, "/{path...}", files.handler())`. The path parameter
/// arrives percent-decoded; any `..` or `.` segment, NUL or backslash is refused, and the file's real path
/// (symlinks resolved) must lie inside the real root, otherwise 404. Responses carry a strong `ETag`
/// (content hash), `Last-Modified`, `Cache-Control` (`no-cache` by default: revalidate, get a cheap 304) and,
/// for text types when the client accepts it, a gzip body cached per path and ETag. Files are read in the
/// handler's task, never on a libmicrohttpd thread.
public struct FileServer: Sendable {
    /// The folder as given.
    public let root: URL
    /// `Cache-Control` for every file response.
    public let cacheControl: String
    private let resolvedRoot: String?
    private let gzipCache: GzipCache

    public init(root: URL, cacheControl: String = "no-cache") {
        self.root = root
        self.cacheControl = cacheControl
        self.resolvedRoot = Self.realPath(root.path)
        self.gzipCache = GzipCache()
    }

    /// A handler serving the route parameter `parameter` (the catch-all's name) as a path below the root.
    public func handler(parameter: String = "path") -> Handler {
        { request in try await respond(to: request, path: request.parameter(parameter) ?? "") }
    }

    /// Answers `request` with the file at `path` (already percent-decoded, relative to the root).
    public func respond(to request: Request, path: String) async throws -> Response {
        guard let file = locate(path) else { throw HTTPError.notFound() }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw HTTPError.notFound() }
        let bytes = [UInt8](data)
        let (contentType, compressible) = MediaType.forExtension((file.path as NSString).pathExtension)
        let tag = HTTPCaching.hash(bytes)
        let wantsGzip =
            compressible && bytes.count >= 256 && HTTPCaching.acceptsGzip(request.headers["Accept-Encoding"])
        let etag = wantsGzip ? "\"\(tag)-gz\"" : "\"\(tag)\""

        var headers: HTTPHeaders = [
            "Content-Type": contentType,
            "ETag": etag,
            "Cache-Control": cacheControl,
        ]
        if let modified = file.modified { headers.add("Last-Modified", HTTPCaching.httpDate(modified)) }
        if compressible { headers.add("Vary", "Accept-Encoding") }

        if HTTPCaching.notModified(request, tag: tag, lastModified: file.modified) {
            return Response(status: .notModified, headers: headers)
        }
        guard wantsGzip else { return Response(status: .ok, headers: headers, body: .bytes(bytes)) }
        let compressed = gzipCache.compressed(key: file.path + "|" + tag) { Gzip.compress(bytes) }
        headers.add("Content-Encoding", "gzip")
        return Response(status: .ok, headers: headers, body: .bytes(compressed))
    }

    /// The real file for a decoded relative path, or `nil` when it is unsafe, missing, or outside the root.
    func locate(_ path: String) -> (path: String, modified: Date?)? {
        guard let resolvedRoot, !path.contains("\0"), !path.contains("\\") else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        var candidate = resolvedRoot + "/" + segments.joined(separator: "/")
        guard var real = Self.realPath(candidate), Self.isInside(real, root: resolvedRoot) else { return nil }
        var status = stat()
        guard stat(real, &status) == 0 else { return nil }
        if status.st_mode & S_IFMT == S_IFDIR {
            candidate = real + "/index.html"
            guard let index = Self.realPath(candidate), Self.isInside(index, root: resolvedRoot),
                stat(index, &status) == 0
            else { return nil }
            real = index
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return nil }
        let modified = Date(
            timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
        return (real, modified)
    }

    private static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Compressed bodies by path and content hash, bounded by entry count (cleared when full).
final class GzipCache: Sendable {
    private let entries = Mutex<[String: [UInt8]]>([:])
    private let capacity = 512

    func compressed(key: String, make: () -> [UInt8]) -> [UInt8] {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let value = make()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = value
        }
        return value
    }
}
