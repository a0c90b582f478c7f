import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Validators and content negotiation shared by everything that serves cacheable bodies (static files,
/// pre-rendered pages): strong entity tags, HTTP dates, `If-None-Match`, `If-Modified-Since`, `Accept-Encoding`.
public enum HTTPCaching {
    /// FNV-1a (64 bit) over the content, with the length: a strong validator that changes when the bytes do.
    public static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        return String(bytes.count, radix: 16) + "-" + String(value, radix: 16)
    }

    /// Whether `If-None-Match` names `tag`, by the weak comparison: `W/` is ignored, and the tag of either
    /// encoding (`"tag"` or `"tag-gz"`) matches.
    public static func matches(_ header: String, tag: String) -> Bool {
        header.split(separator: ",").contains { item in
            var candidate = item.trimmingCharacters(in: .whitespaces)
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate.removeFirst(2) }
            return candidate == "\"\(tag)\"" || candidate == "\"\(tag)-gz\""
        }
    }

    /// Whether the response is unchanged for the request's conditions: `If-None-Match` when present
    /// (RFC 9110 §13.2.2: it takes precedence), else `If-Modified-Since` against `lastModified` (whole seconds).
    public static func notModified(_ request: Request, tag: String, lastModified: Date?) -> Bool {
        if let condition = request.headers["If-None-Match"] { return matches(condition, tag: tag) }
        guard let lastModified, let header = request.headers["If-Modified-Since"], let since = parseHTTPDate(header)
        else { return false }
        return lastModified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
    }

    /// True unless `Accept-Encoding` lacks gzip or gives it `q=0`.
    public static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.lowercased().split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first == "gzip" || parts.first == "*" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    public static func httpDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Reads an IMF-fixdate; `nil` for anything else (the obsolete forms are not worth a 304).
    public static func parseHTTPDate(_ text: String) -> Date? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard fields.count == 6, fields[0].count == 4, fields[0].hasSuffix(","), fields[5] == "GMT",
            let day = Int(fields[1]), fields[1].count == 2, let month = months.firstIndex(of: String(fields[2])),
            let year = Int(fields[3]), fields[3].count == 4
        else { return nil }
        let clock = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]),
            let minute = Int(clock[1]), let second = Int(clock[2]), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)))
    }
}

/// A body rendered ahead of time and kept in memory both as it is and gzip-compressed, answered with
/// validators and caching headers without touching the disk: pre-rendered archive pages.
public struct CachedDocument: Sendable {
    public let contentType: String
    public let identity: SharedBytes
    public let gzip: SharedBytes
    /// The strong validator of the identity body; the gzip body's is the same with `-gz`.
    public let tag: String
    public let lastModified: Date
    // Header values computed once, not per request.
    private let identityETag: String
    private let gzipETag: String
    private let lastModifiedText: String

    /// - Parameters:
    ///   - identity: the body as it is.
    ///   - gzip: the same body gzip-compressed (stored that way); when it is not smaller, identity is sent.
    ///   - tag: `HTTPCaching.hash(identity)` when the caller has it already (stored with the body).
    public init(contentType: String, identity: [UInt8], gzip: [UInt8], lastModified: Date, tag: String? = nil) {
        self.contentType = contentType
        self.identity = SharedBytes(identity)
        self.gzip = SharedBytes(gzip)
        self.tag = tag ?? HTTPCaching.hash(identity)
        self.lastModified = lastModified
        identityETag = "\"\(self.tag)\""
        gzipETag = "\"\(self.tag)-gz\""
        lastModifiedText = HTTPCaching.httpDate(lastModified)
    }

    /// The response for `request`: 304 when its validators match, else 200 with gzip when the client accepts
    /// it and it is smaller, identity otherwise. `Vary: Accept-Encoding` always; callers add their own `Vary`
    /// values (such as `Accept-Language`) through `vary`.
    public func response(to request: Request, cacheControl: String, vary: [String] = []) -> Response {
        let useGzip =
            gzip.count > 0 && gzip.count < identity.count
            && HTTPCaching.acceptsGzip(request.headers["Accept-Encoding"])
        var headers: HTTPHeaders = [
            "Content-Type": contentType,
            "ETag": useGzip ? gzipETag : identityETag,
            "Last-Modified": lastModifiedText,
            "Cache-Control": cacheControl,
            "Vary": vary.isEmpty ? "Accept-Encoding" : (["Accept-Encoding"] + vary).joined(separator: ", "),
        ]
        if HTTPCaching.notModified(request, tag: tag, lastModified: lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        guard useGzip else { return Response(status: .ok, headers: headers, body: .shared(identity)) }
        headers.add("Content-Encoding", "gzip")
        return Response(status: .ok, headers: headers, body: .shared(gzip))
    }
}
