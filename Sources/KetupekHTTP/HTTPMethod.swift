/// The request methods of HTTP (RFC 9110). A known method a path does not accept is answered 405 with
/// `Allow`; a method that is not one of these is answered 501.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
    case options = "OPTIONS"
    case trace = "TRACE"
    case connect = "CONNECT"

    /// The method as written on the request line (upper case).
    public var description: String { rawValue }
}
