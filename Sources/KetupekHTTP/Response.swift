import Foundation

/// What a handler answers: a status, headers and a body (bytes, or a live event stream).
public struct Response: Sendable {
    /// The body kinds the server can send.
    public enum Body: Sendable {
        /// A complete body; HEAD requests get the headers and `Content-Length` only.
        case bytes([UInt8])
        /// A complete body kept in memory and sent without a copy per response (like `bytes` otherwise).
        case shared(SharedBytes)
        /// Server-Sent Events, written as they are sent until the stream ends.
        case stream(EventStream)
    }

    public var status: HTTPStatus
    /// Headers set here override the server's default headers with the same name.
    public var headers: HTTPHeaders
    public var body: Body

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The encoder behind `json(_:status:)`: sorted keys, ISO-8601 dates, property names as declared.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A JSON body (`application/json; charset=utf-8`).
    public static func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .bytes([UInt8](data)))
    }

    /// A plain-text body (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    /// An HTML body (`text/html; charset=utf-8`); build it with `HTML.escape` for every untrusted piece.
    public static func html(_ html: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(html.utf8)))
    }

    /// No body (204 by default).
    public static func empty(_ status: HTTPStatus = .noContent) -> Response {
        Response(status: status)
    }

    /// A Server-Sent Events response for `stream`, with the headers proxies and browsers need.
    public static func eventStream(_ stream: EventStream) -> Response {
        Response(
            status: .ok,
            headers: [
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-store",
                "X-Accel-Buffering": "no",
            ],
            body: .stream(stream))
    }

    /// The body bytes, or `nil` for a stream.
    public var bodyBytes: [UInt8]? {
        switch body {
        case .bytes(let bytes): bytes
        case .shared(let shared): shared.bytes
        case .stream: nil
        }
    }
}
