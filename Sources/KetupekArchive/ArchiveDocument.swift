/// One rendered archive document: where it is served, as what, and its bytes.
public struct ArchiveDocument: Sendable, Equatable {
    /// The absolute path it is served at (`/en/archive/town-hall`, `/archive/town-hall.csv`).
    public var path: String
    /// The `Content-Type` header value, with the charset.
    public var contentType: String
    /// The document, UTF-8.
    public var body: [UInt8]

    /// A document.
    public init(path: String, contentType: String, body: [UInt8]) {
        self.path = path
        self.contentType = contentType
        self.body = body
    }

    /// `text/html; charset=utf-8`
    public static let html = "text/html; charset=utf-8"
    /// `application/atom+xml; charset=utf-8`
    public static let atom = "application/atom+xml; charset=utf-8"
    /// `application/json; charset=utf-8`
    public static let json = "application/json; charset=utf-8"
    /// `text/markdown; charset=utf-8`
    public static let markdown = "text/markdown; charset=utf-8"
    /// `text/csv; charset=utf-8`
    public static let csv = "text/csv; charset=utf-8"
}
