import Foundation
import KetupekHTTP
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs blocking socket work on its own thread, so tests never block the cooperative pool the server's
/// handlers run on.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.start()
    }
}

struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A response as read off the wire.
struct RawResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]
    /// The raw header block, for checks on exact header lines.
    let head: String

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw ClientError(description: "not a JSON object: \(text)")
        }
        return object
    }

    /// `error.code`, `error.message`, `error.request_id` of a JSON error body.
    func errorField(_ name: String) -> String? {
        ((try? json())?["error"] as? [String: Any])?[name] as? String
    }
}

/// One TCP connection to 127.0.0.1 with blocking reads bounded by a receive timeout.
/// Used from one thread at a time (each test step runs inside `blocking`).
final class RawConnection: @unchecked Sendable {
    private let socket: Int32
    private var pending: [UInt8] = []
    private(set) var closedByPeer = false

    init(port: Int, receiveTimeout: Double = 30) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ClientError(description: "socket failed") }
        var timeout = timeval(
            tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: a class whose init throws after its properties are set still runs deinit, which
        // closes the socket; closing twice could close another test's file (an SQLite database) reusing the number.
        guard result == 0 else { throw ClientError(description: "connect failed: \(errno)") }
    }

    deinit { Glibc.close(socket) }

    /// Shrinks the receive buffer (before reading anything) so a never-reading client fills up quickly.
    func setReceiveBuffer(_ bytes: Int32) {
        var size = bytes
        setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    func close() { shutdown(socket, Int32(SHUT_RDWR)) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw ClientError(description: "send failed: \(errno)") }
            offset += sent
        }
    }

    /// Reads more bytes into `pending`; false on end of stream. Throws on timeout.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count == 0 {
            closedByPeer = true
            return false
        }
        guard count > 0 else { throw ClientError(description: "recv failed or timed out: errno \(errno)") }
        pending.append(contentsOf: chunk[..<count])
        return true
    }

    private func readLine() throws -> String {
        while true {
            if let index = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[...index])
                pending.removeFirst(index + 1)
                line.removeLast()
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() else { throw ClientError(description: "connection closed mid-line") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            guard try fill() else { throw ClientError(description: "connection closed mid-body") }
        }
        defer { pending.removeFirst(count) }
        return Array(pending[..<count])
    }

    /// Reads the status line and headers.
    func readHead() throws -> (status: Int, headers: HTTPHeaders, head: String) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line: \(statusLine)")
        }
        var headers = HTTPHeaders()
        var head = statusLine + "\n"
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            head += line + "\n"
            let pieces = line.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2 else { continue }
            headers.add(String(pieces[0]), pieces[1].trimmingCharacters(in: .whitespaces))
        }
        return (status, headers, head)
    }

    /// Reads one whole response (Content-Length, chunked, or until close).
    func readResponse(method: String = "GET") throws -> RawResponse {
        let (status, headers, head) = try readHead()
        var body: [UInt8] = []
        if method == "HEAD" || status == 304 || status == 204 {
        } else if headers["Transfer-Encoding"]?.lowercased() == "chunked" {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw ClientError(description: "bad chunk size \(sizeLine)")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                body += try readExactly(size)
                _ = try readLine()
            }
        } else if let length = headers["Content-Length"].flatMap(Int.init) {
            body = try readExactly(length)
        } else {
            while try fill() {}
            body = pending
            pending = []
        }
        return RawResponse(status: status, headers: headers, body: body, head: head)
    }

    /// Reads raw bytes until `needle` has appeared (returns everything read so far, consumed), or times out.
    func read(until needle: String, timeout: Double = 5) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let target = Array(needle.utf8)
        while !pending.contains(target) {
            guard Date() < deadline else { throw ClientError(description: "timed out waiting for \(needle)") }
            let more: Bool
            do { more = try fill() } catch {
                throw ClientError(
                    description:
                        "\(error) waiting for \(needle); got \(String(decoding: pending, as: UTF8.self).debugDescription)"
                )
            }
            guard more else {
                throw ClientError(description: "closed before \(needle): \(String(decoding: pending, as: UTF8.self))")
            }
        }
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Reads until the peer closes or the chunked stream ends (`0\r\n\r\n`); returns what was read.
    func readToEnd(timeout: Double = 5) throws -> (text: String, ended: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        let terminator = Array("\r\n0\r\n\r\n".utf8)
        while Date() < deadline {
            if pending.contains(terminator) || pending.starts(with: terminator.dropFirst(2)) {
                return (String(decoding: pending, as: UTF8.self), true)
            }
            let more: Bool
            do { more = try fill() } catch { return (String(decoding: pending, as: UTF8.self), false) }
            guard more else { return (String(decoding: pending, as: UTF8.self), true) }
        }
        return (String(decoding: pending, as: UTF8.self), false)
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

/// Sends one request on a fresh connection and reads the response.
func request(
    _ port: Int, _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
) async throws -> RawResponse {
    try await blocking {
        let connection = try RawConnection(port: port)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        try connection.send(Array((head + "\r\n").utf8) + body)
        return try connection.readResponse(method: method)
    }
}

/// Starts a server on 127.0.0.1:0 with `router`, runs `body`, and always shuts it down.
/// A test configuration (short connection timeout) with `change` applied.
func configured(_ change: (inout HTTPServer.Configuration) -> Void = { _ in }) -> HTTPServer.Configuration {
    var configuration = HTTPServer.Configuration()
    configuration.connectionTimeout = .seconds(10)
    change(&configuration)
    return configuration
}

func withServer(
    _ router: Router, configuration: HTTPServer.Configuration = configured(),
    middleware: [any Middleware] = [], errorMapper: @escaping HTTPServer.ErrorMapper = { _ in nil },
    logger: KetupekTelemetryLogger = .silent,
    _ body: (Int, HTTPServer) async throws -> Void
) async throws {
    let server = HTTPServer(
        configuration: configuration, router: router, middleware: middleware, errorMapper: errorMapper, logger: logger)
    let port = try server.start()
    do {
        try await body(port, server)
    } catch {
        await server.shutdown(grace: .milliseconds(200))
        throw error
    }
    await server.shutdown(grace: .milliseconds(500))
}
