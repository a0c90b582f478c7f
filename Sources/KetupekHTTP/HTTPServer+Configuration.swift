extension HTTPServer {
    /// How the server binds, how many threads and connections it allows, and its limits.
    public struct Configuration: Sendable {
        /// A numeric address to bind: `127.0.0.1`, `0.0.0.0`, `::1`, `::`.
        public var host: String = "127.0.0.1"
        /// 0 picks any free port; `start()` returns the one bound.
        public var port: Int = 0
        /// libmicrohttpd worker threads (each runs its own epoll loop). Handlers run on Swift tasks, not here.
        public var threadPoolSize: Int = 2
        /// Connections open at once, SSE streams included; raise the open-file limit to match.
        public var connectionLimit: Int = 4_096
        /// An idle (not suspended) connection is closed after this long; also bounds a stalled SSE client.
        public var connectionTimeout: Duration = .seconds(60)
        /// libmicrohttpd's memory pool per connection: header parsing and write buffers live in it.
        public var connectionMemoryLimit: Int = 32 * 1024
        /// Larger bodies are answered 413, from `Content-Length` before reading or while a chunked body arrives.
        public var maxBodyBytes: Int = 1 << 20
        /// Request headers (names and values) beyond this total are answered 431.
        public var maxHeaderBytes: Int = 16 * 1024
        /// Every open SSE stream gets a comment this often; a write to a vanished client reaps it.
        public var heartbeatInterval: Duration = .seconds(15)
        /// An SSE subscriber with more than this waiting is dropped (it reconnects and replays).
        public var maxBufferedBytesPerStream: Int = 1 << 20
        /// Paths starting with one of these are logged only up to the prefix (`/hooks/…`): for URLs that carry
        /// a secret.
        public var redactedPathPrefixes: [String] = []
        /// Sent with every response, errors and files included; a response's own header of the same name wins.
        public var defaultHeaders: HTTPHeaders = Configuration.securityHeaders

        /// The security headers every response carries by default.
        public static let securityHeaders: HTTPHeaders = [
            "Content-Security-Policy":
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        ]

        public init() {}
    }
}

/// Why the server could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// `invalid_host`, `bind_failed`, `already_started`.
    public let code: String
    public let message: String

    public var description: String { "\(code): \(message)" }
}
