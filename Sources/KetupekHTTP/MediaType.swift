/// Content types for static files, by extension.
enum MediaType {
    /// The `Content-Type` for a file name's extension (text types carry `charset=utf-8`).
    static func forExtension(_ pathExtension: String) -> (type: String, compressible: Bool) {
        switch pathExtension.lowercased() {
        case "html", "htm": ("text/html; charset=utf-8", true)
        case "css": ("text/css; charset=utf-8", true)
        case "js", "mjs": ("text/javascript; charset=utf-8", true)
        case "json": ("application/json; charset=utf-8", true)
        case "map": ("application/json; charset=utf-8", true)
        case "webmanifest": ("application/manifest+json; charset=utf-8", true)
        case "svg": ("image/svg+xml; charset=utf-8", true)
        case "txt": ("text/plain; charset=utf-8", true)
        case "xml": ("application/xml; charset=utf-8", true)
        case "png": ("image/png", false)
        case "jpg", "jpeg": ("image/jpeg", false)
        case "webp": ("image/webp", false)
        case "gif": ("image/gif", false)
        case "ico": ("image/x-icon", true)
        case "woff2": ("font/woff2", false)
        case "woff": ("font/woff", false)
        default: ("application/octet-stream", false)
        }
    }
}
