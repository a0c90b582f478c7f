import Foundation

/// One HTTP request, complete (headers and body) by the time a handler sees it.
public struct Request: Sendable {
    public let method: HTTPMethod
    /// The path, percent-decoded (`/api/v1/sessions/caf%C3%A9` → `/api/v1/sessions/café`).
    public let path: String
    /// The request target exactly as sent: path and query, still encoded.
    public let target: String
    /// Query items in order, decoded (`+` is a space).
    public let queryItems: [(name: String, value: String)]
    public let headers: HTTPHeaders
    public let body: [UInt8]
    /// Values captured by the route pattern (`{slug}` → `parameters["slug"]`).
    public var parameters: [String: String]
    /// Random per request; sent back in `X-Request-ID` and in error bodies, and written to the log.
    public let requestID: String
    /// The client's numeric address as seen by the socket (a proxy's, behind one).
    public let remoteAddress: String

    /// The raw target split once; `path` and `queryItems` are derived from it.
    public init(
        method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        requestID: String = Request.makeID(), remoteAddress: String = ""
    ) throws(HTTPError) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = PercentEncoding.decode(parts[0]),
            let query = parts.count > 1 ? PercentEncoding.parseQuery(parts[1]) : []
        else {
            throw HTTPError.badRequest("The request target is not valid percent-encoded UTF-8.", code: "bad_target")
        }
        self.method = method
        self.target = target
        self.path = path
        self.queryItems = query
        self.headers = headers
        self.body = body
        self.parameters = [:]
        self.requestID = requestID
        self.remoteAddress = remoteAddress
    }

    /// The raw path (before `?`), still percent-encoded; the router matches segments of this.
    var rawPath: Substring {
        target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
    }

    /// The first value of a query item, or `nil`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Every value of a repeated query item (`?tag=a&tag=b`).
    public func queryValues(_ name: String) -> [String] {
        queryItems.filter { $0.name == name }.map(\.value)
    }

    /// A route parameter, or `nil` if the pattern has none by that name.
    public func parameter(_ name: String) -> String? {
        parameters[name]
    }

    /// A route parameter; throws 400 `missing_parameter` when absent or empty (a route/handler mismatch).
    public func requireParameter(_ name: String) throws(HTTPError) -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw HTTPError.badRequest("The path lacks the \(name) parameter.", code: "missing_parameter")
        }
        return value
    }

    /// Cookies from every `Cookie` header, in order (`a=1; b=2`); quotes around a value are removed.
    public var cookies: [(name: String, value: String)] {
        headers.values("Cookie").flatMap { header in
            header.split(separator: ";").compactMap { pair -> (name: String, value: String)? in
                let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = pieces[0].trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, pieces.count == 2 else { return nil }
                var value = pieces[1].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                return (name, value)
            }
        }
    }

    /// The first cookie named `name`, or `nil`.
    public func cookie(_ name: String) -> String? {
        cookies.first { $0.name == name }?.value
    }

    /// Where an SSE client wants to resume: the `Last-Event-ID` header, else the `lastEventId` query item.
    public var lastEventID: String? {
        if let header = headers["Last-Event-ID"], !header.isEmpty { return header }
        if let query = query("lastEventId"), !query.isEmpty { return query }
        return nil
    }

    /// The media type of the body without parameters, lower-cased (`application/json`), or `nil`.
    public var contentType: String? {
        headers["Content-Type"].map {
            $0.split(separator: ";", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// A fresh random request id: 16 lower-case hex digits.
    public static func makeID() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
