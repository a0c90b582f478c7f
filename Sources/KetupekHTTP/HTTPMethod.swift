/// The request methods the server routes; anything else is answered 405 (or 501 by MHD).
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
    case options = "OPTIONS"

    /// The method as written on the request line (upper case).
    public var description: String { rawValue }
}
