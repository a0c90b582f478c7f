import Foundation
import Synchronization

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
    /// The router's answer for this request when the server has already routed it (on the worker thread), so
    /// it is not routed twice; `nil` for a request built anywhere else (a middleware's, a test's).
    var match: Router.Match?

    /// The raw target split once; `path` and `queryItems` are derived from it.
    public init(
        method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        requestID: String = Request.makeID(), remoteAddress: String = ""
    ) throws(HTTPError) {
        // Split at the first `?` without building an array: this runs for every request.
        let mark = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let query = mark.map { PercentEncoding.parseQuery(target[target.index(after: $0)...]) } ?? []
        guard let path = PercentEncoding.decode(target[..<(mark ?? target.endIndex)]), let query else {
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
        self.match = nil
    }

    /// The raw path (before `?`), still percent-encoded; the router matches segments of this.
    var rawPath: Substring {
        target[..<(target.utf8.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex)]
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

    /// Where `makeID` counts from: a random start, so ids differ between runs even with deterministic hashing.
    private static let idSequence = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    /// A fresh request id: 16 lower-case hex digits, unpredictable and (with overwhelming probability) unique.
    ///
    /// SipHash (the process's randomly seeded `Hasher`) of a per-process counter: as good as a random number for
    /// telling requests apart, without the `getrandom` system call per request a random number would cost.
    public static func makeID() -> String {
        var hasher = Hasher()
        hasher.combine(idSequence.wrappingAdd(1, ordering: .relaxed).newValue)
        let value = UInt64(truncatingIfNeeded: hasher.finalize())
        // Written in place: this runs for every request on the server's worker threads.
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value &>> UInt64(60 - 4 * index)) & 0xF
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }
}
