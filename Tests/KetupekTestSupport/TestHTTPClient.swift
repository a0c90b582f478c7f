import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the test client (connection refused, timeout, malformed answer).
public struct TestClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A response as the test client read it.
public struct TestResponse: Sendable {
    public let status: Int
    /// Header names lowercased; a repeated header keeps every value.
    public let headers: [String: [String]]
    public let body: [UInt8]

    public func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:]
    }

    /// `error.code` of a JSON error body.
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// A blocking HTTP/1.1 client over a plain loopback socket, one connection per request, so tests see exactly
/// what the server sends. Every read has a deadline.
public struct TestHTTPClient: Sendable {
    public let host: String
    public let port: Int
    public var timeout: Double

    public init(host: String = "127.0.0.1", port: Int, timeout: Double = 10) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    /// Sends one request and reads the whole response (the connection is closed after it). The blocking
    /// socket work runs on its own thread, never on the Swift concurrency pool that an in-process server needs.
    public func send(
        _ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []
    ) async throws -> TestResponse {
        try await offPool { try sendBlocking(method, target, headers: headers, body: body) }
    }

    /// `send` for callers that are already on their own thread.
    public func sendBlocking(
        _ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []
    ) throws -> TestResponse {
        let socket = try TestSocket(host: host, port: port, timeout: timeout)
        defer { socket.close() }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try socket.write(Array(head.utf8) + body)
        let raw = try socket.readToEnd()
        return try Self.parse(raw, method: method)
    }

    /// Sends JSON (an `Encodable` or raw text) with `Content-Type: application/json`.
    public func json(_ method: String, _ target: String, _ body: String, headers: [String: String] = [:]) async throws
        -> TestResponse
    {
        var all = headers
        all["Content-Type"] = "application/json"
        return try await send(method, target, headers: all, body: Array(body.utf8))
    }

    /// Parses a whole response read from a `TestSocket` (for tests that write requests by hand).
    public static func parseResponse(_ raw: [UInt8], method: String = "POST") throws -> TestResponse {
        try parse(raw, method: method)
    }

    static func parse(_ raw: [UInt8], method: String) throws -> TestResponse {
        guard let split = raw.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw TestClientError("no complete response head in \(raw.count) bytes")
        }
        let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw TestClientError("bad status line \(head[0])")
        }
        var headers: [String: [String]] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased(), default: []].append(
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[split.upperBound...])
        if headers["transfer-encoding"]?.first?.lowercased() == "chunked" { body = dechunk(body) }
        if method == "HEAD" { body = [] }
        return TestResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";")[0], radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            out += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
        }
        return out
    }
}

/// Runs blocking work on a fresh thread and awaits its result, keeping the concurrency pool free.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// A connected TCP socket with a receive deadline.
public final class TestSocket: @unchecked Sendable {
    // @unchecked Sendable: used by one test thread at a time.
    private let descriptor: Int32
    private let deadlineSeconds: Double

    public init(host: String, port: Int, timeout: Double) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError("socket() failed") }
        deadlineSeconds = timeout
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        var receiveTimeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &receiveTimeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: deinit runs even when init throws, and a second close could hit another test's file.
        guard connected == 0 else { throw TestClientError("connect to \(host):\(port) failed (errno \(errno))") }
    }

    deinit { Glibc.close(descriptor) }

    public func close() { shutdown(descriptor, Int32(SHUT_RDWR)) }

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestClientError("send failed (errno \(errno))") }
            offset += sent
        }
    }

    /// Whatever arrives within 200 ms (possibly nothing); `nil` at end of stream.
    public func readSome() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 { return Array(buffer[..<count]) }
        if count == 0 { return nil }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return [] }
        throw TestClientError("recv failed (errno \(errno))")
    }

    /// Reads until the peer closes, or throws when the deadline passes first.
    public func readToEnd() throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(deadlineSeconds)
        var all: [UInt8] = []
        while Date() < deadline {
            guard let chunk = try readSome() else { return all }
            all += chunk
        }
        throw TestClientError("no end of response within \(deadlineSeconds) s (\(all.count) bytes read)")
    }
}
