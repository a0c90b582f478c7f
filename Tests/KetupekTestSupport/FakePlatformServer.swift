import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A platform's API on 127.0.0.1 (port 0) for tests: answers each request from a handler, can split the
/// body into tiny writes, and can cut the body short (a declared length that is never reached).
public final class FakePlatformServer: Sendable {
    public struct Reply: Sendable {
        public var status: Int = 200
        public var contentType = "application/json; charset=UTF-8"
        public var headers: [String: String] = [:]
        public var body: [UInt8]
        /// Write the body in pieces of this many bytes, each flushed on its own.
        public var chunkSize: Int?
        /// Send only this many body bytes, then close: the client sees a broken response.
        public var cutAfter: Int?

        public init(
            status: Int = 200, contentType: String = "application/json; charset=UTF-8", headers: [String: String] = [:],
            body: [UInt8], chunkSize: Int? = nil, cutAfter: Int? = nil
        ) {
            self.status = status
            self.contentType = contentType
            self.headers = headers
            self.body = body
            self.chunkSize = chunkSize
            self.cutAfter = cutAfter
        }

        public init(json: String, status: Int = 200, headers: [String: String] = [:], chunkSize: Int? = nil) {
            self.init(status: status, headers: headers, body: Array(json.utf8), chunkSize: chunkSize)
        }
    }

    /// One request as received.
    public struct Received: Sendable {
        public let path: String
        public let query: [String: String]
    }

    public typealias Handler = @Sendable (Received) -> Reply

    public let port: Int
    private let listener: Int32
    private let closed = Atomic<Bool>(false)
    private let handler: Handler
    private let log = Mutex<[Received]>([])

    public init(_ handler: @escaping Handler) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            Glibc.close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = descriptor
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request so far, oldest first.
    public var requests: [Received] { log.withLock { $0 } }

    /// Stops accepting; the listening socket is closed exactly once.
    public func stop() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    deinit { stop() }

    private func acceptLoop() {
        // Ends when the listener is shut down (accept fails once `closed` is set).
        while !closed.load(ordering: .acquiring) {
            let client = accept(listener, nil, nil)
            if client < 0 { if closed.load(ordering: .acquiring) { return } else { continue } }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { Glibc.close(client) }
        var one: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        // Reads the request head (at most 64 KiB); bodies are not needed by these fakes.
        while head.count < 65_536 {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { return }
            head += buffer[0..<count]
            if head.firstRange(of: Array("\r\n\r\n".utf8)) != nil { break }
        }
        let line = String(decoding: head.prefix { $0 != 0x0D }, as: UTF8.self).split(separator: " ")
        guard line.count >= 2 else { return }
        let components = URLComponents(string: String(line[1]))
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let received = Received(path: components?.path ?? "", query: query)
        log.withLock { $0.append(received) }
        let reply = handler(received)
        var text = "HTTP/1.1 \(reply.status) X\r\nContent-Type: \(reply.contentType)\r\nConnection: close\r\n"
        text += "Content-Length: \(reply.body.count)\r\n"
        for (name, value) in reply.headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        guard write(client, Array(text.utf8)) else { return }
        let body = reply.cutAfter.map { Array(reply.body.prefix($0)) } ?? reply.body
        let size = max(1, reply.chunkSize ?? body.count)
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + size)
            guard write(client, Array(body[offset..<end])) else { return }
            if reply.chunkSize != nil { usleep(200) }
            offset = end
        }
        if reply.cutAfter != nil {
            // Reset instead of a clean close: the client sees the connection break.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
    }

    private func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}
