import Foundation

/// One Server-Sent Event as a client parses it.
public struct ReceivedEvent: Sendable, Equatable {
    public let id: String?
    public let name: String
    public let data: String

    public var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]) ?? [:]
    }
}

/// Reads an SSE response incrementally from a loopback socket: the head, then events as they arrive.
public final class EventStreamReader: @unchecked Sendable {
    // @unchecked Sendable: used by one test task at a time.
    private let socket: TestSocket
    private var buffer: [UInt8] = []
    public private(set) var status = 0
    public private(set) var ended = false
    public private(set) var comments: [String] = []

    /// Opens `GET target` with the given headers and reads the response head.
    public init(port: Int, target: String, headers: [String: String] = [:], timeout: Double = 10) throws {
        socket = try TestSocket(host: "127.0.0.1", port: port, timeout: timeout)
        var head = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        try socket.write(Array((head + "\r\n").utf8))
        let deadline = Date().addingTimeInterval(timeout)
        while buffer.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
            guard Date() < deadline else { throw TestClientError("no response head") }
            guard let chunk = try socket.readSome() else { throw TestClientError("closed before the head") }
            buffer += chunk
        }
        let split = buffer.firstRange(of: Array("\r\n\r\n".utf8))!
        let statusLine = String(decoding: buffer[..<split.lowerBound], as: UTF8.self).split(separator: "\r\n")[0]
        status = Int(statusLine.split(separator: " ")[1]) ?? 0
        buffer = Array(buffer[split.upperBound...])
    }

    /// Reads until `count` events have arrived, the stream ends, or `timeout` passes.
    public func events(count: Int, timeout: Double = 10) throws -> [ReceivedEvent] {
        var events: [ReceivedEvent] = []
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while events.count < count, Date() < deadline, !ended {
            guard let chunk = try socket.readSome() else {
                ended = true
                break
            }
            buffer += chunk
            text = decodeChunks()
            events += parse(&text)
        }
        return events
    }

    public func close() { socket.close() }

    /// The bytes of the chunked body decoded so far (partial chunks stay buffered).
    private var decoded = ""
    private func decodeChunks() -> String {
        while let lineEnd = buffer.firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: buffer[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else { break }
            if size == 0 {
                ended = true
                buffer = []
                break
            }
            guard buffer.count >= lineEnd.upperBound + size + 2 else { break }
            decoded += String(decoding: buffer[lineEnd.upperBound..<(lineEnd.upperBound + size)], as: UTF8.self)
            buffer = Array(buffer[(lineEnd.upperBound + size + 2)...])
        }
        return decoded
    }

    private func parse(_ text: inout String) -> [ReceivedEvent] {
        var events: [ReceivedEvent] = []
        while let range = decoded.range(of: "\n\n") {
            let block = decoded[..<range.lowerBound]
            decoded = String(decoded[range.upperBound...])
            var id: String?
            var name = "message"
            var data: [String] = []
            var isEvent = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") {
                    comments.append(String(line.dropFirst()))
                    continue
                }
                let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let field = String(parts[0])
                var value = parts.count > 1 ? String(parts[1]) : ""
                if value.hasPrefix(" ") { value.removeFirst() }
                switch field {
                case "id": id = value
                case "event": name = value
                case "data":
                    data.append(value)
                    isEvent = true
                default: break
                }
            }
            if isEvent { events.append(ReceivedEvent(id: id, name: name, data: data.joined(separator: "\n"))) }
        }
        text = decoded
        return events
    }
}
