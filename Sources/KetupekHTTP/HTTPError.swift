import Foundation

/// An error with a defined HTTP answer: status, a stable machine-readable code, and a message for the client.
///
/// Handlers throw it directly (`throw HTTPError(.notFound, code: "session_not_found", message: "…")`) or the
/// server's `errorMapper` turns app errors into it. The body is always
/// `{"error": {"code": "…", "message": "…", "request_id": "…"}}`.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// Stable snake_case identifier clients can switch on (`malformed_json`, `invalid_body`, …).
    public var code: String
    /// Human-readable, safe to show to the client.
    public var message: String
    /// Added to the response (`Allow` on a 405, `Retry-After` on a 429, …).
    public var headers: HTTPHeaders
    /// An already-encoded JSON value sent as `error.details` (the current state on a conflict, say).
    public var details: Data?

    public init(
        _ status: HTTPStatus, code: String, message: String, headers: HTTPHeaders = HTTPHeaders(), details: Data? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// 400 `bad_request`.
    public static func badRequest(_ message: String, code: String = "bad_request") -> HTTPError {
        HTTPError(.badRequest, code: code, message: message)
    }

    /// 404 `not_found`.
    public static func notFound(_ message: String = "Nothing here.", code: String = "not_found") -> HTTPError {
        HTTPError(.notFound, code: code, message: message)
    }

    /// 405 `method_not_allowed` with the `Allow` header listing what the path accepts.
    public static func methodNotAllowed(allow: [HTTPMethod]) -> HTTPError {
        HTTPError(
            .methodNotAllowed, code: "method_not_allowed", message: "This path does not accept that method.",
            headers: ["Allow": allow.map(\.rawValue).joined(separator: ", ")])
    }

    /// 413 `body_too_large`.
    public static func bodyTooLarge(limit: Int) -> HTTPError {
        HTTPError(
            .contentTooLarge, code: "body_too_large", message: "The request body is larger than \(limit) bytes.")
    }

    /// 500 `internal`: the only thing a client learns about an unexpected failure.
    public static let unexpected = HTTPError(
        .internalServerError, code: "internal",
        message: "Something went wrong on our side. Quote the request id if you report it.")

    /// 503 `shutting_down`: the server is draining and takes no new work.
    public static let shuttingDown = HTTPError(
        .serviceUnavailable, code: "shutting_down", message: "The server is shutting down; try again shortly.",
        headers: ["Connection": "close"])

    /// The JSON error body for this error, naming the request.
    public func response(requestID: String) -> Response {
        // Written by hand so `details`, already JSON, is embedded as it is.
        func quoted(_ text: String) -> String {
            (try? Response.encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        var json = "{\"error\":{\"code\":\(quoted(code))"
        if let details, (try? JSONSerialization.jsonObject(with: details, options: [.fragmentsAllowed])) != nil {
            json += ",\"details\":" + String(decoding: details, as: UTF8.self)
        }
        json += ",\"message\":\(quoted(message)),\"request_id\":\(quoted(requestID))}}"
        let bytes = Array(json.utf8)
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json; charset=utf-8")
        headers.set("Cache-Control", "no-store")
        for (name, value) in self.headers { headers.set(name, value) }
        return Response(status: status, headers: headers, body: .bytes(bytes))
    }
}
