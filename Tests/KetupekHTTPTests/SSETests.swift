import Foundation
import KetupekHTTP
import Synchronization
import Testing

/// The streams the app under test has handed out, and how each ended.
final class StreamLog: Sendable {
    let streams = Mutex<[EventStream]>([])
    let endings = Mutex<[EventStream.Termination]>([])

    func add(_ stream: EventStream) {
        stream.onTermination { [self] reason in endings.withLock { $0.append(reason) } }
        streams.withLock { $0.append(stream) }
    }

    var all: [EventStream] { streams.withLock { $0 } }
    var ended: [EventStream.Termination] { endings.withLock { $0 } }

    /// Waits (bounded) until `count` streams exist.
    func waitForStreams(_ count: Int) async throws -> [EventStream] {
        for _ in 0..<500 {
            let all = self.all
            if all.count >= count { return all }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ClientError(description: "no stream after 5 s")
    }

    func waitForEndings(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [EventStream.Termination] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let ended = self.ended
            if ended.count >= count { return ended }
            try await Task.sleep(for: .milliseconds(10))
        }
        return ended
    }
}

func streamingRouter(_ log: StreamLog) -> Router {
    var router = Router()
    router.add(.get, "/events") { request in
        let stream = EventStream()
        log.add(stream)
        if let last = request.lastEventID { stream.send(event: "resume", data: last) }
        return .eventStream(stream)
    }
    return router
}

func openStream(_ port: Int, target: String = "/events", headers: String = "", receiveBuffer: Int32? = nil) throws
    -> (RawConnection, status: Int, headers: HTTPHeaders)
{
    let connection = try RawConnection(port: port)
    if let receiveBuffer { connection.setReceiveBuffer(receiveBuffer) }
    try connection.send("GET \(target) HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\(headers)\r\n")
    if receiveBuffer != nil { return (connection, 0, HTTPHeaders()) }
    let head = try connection.readHead()
    return (connection, head.status, head.headers)
}

@Suite("Server-Sent Events")
struct SSETests {
    @Test("format: id and event lines without line breaks, one data line per line")
    func format() {
        let bytes = EventStream.format(id: "4\r\n2", event: "ques\ntion", data: "line one\nline two\r\nline three")
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "id: 42\nevent: question\ndata: line one\ndata: line two\ndata: line three\n\n")
        #expect(String(decoding: EventStream.format(data: ""), as: UTF8.self) == "data: \n\n")
    }

    @Test("events arrive with id lines and multi-line data; headers are right; Last-Event-ID is read")
    func eventsArrive() async throws {
        let log = StreamLog()
        try await withServer(streamingRouter(log)) { port, _ in
            let opened = try await blocking { try openStream(port, headers: "Last-Event-ID: 41\r\n") }
            let connection = opened.0
            #expect(opened.status == 200)
            #expect(opened.headers["Content-Type"] == "text/event-stream; charset=utf-8")
            #expect(opened.headers["Cache-Control"] == "no-store")
            #expect(opened.headers["X-Accel-Buffering"] == "no")
            #expect(opened.headers["X-Content-Type-Options"] == "nosniff")
            let stream = try #require(try await log.waitForStreams(1).first)
            let resumed = try await blocking { try connection.read(until: "data: 41\n\n") }
            #expect(resumed.contains("event: resume"))
            #expect(stream.send(id: "42", event: "question", data: "first\nsecond"))
            let text = try await blocking { try connection.read(until: "data: second\n\n") }
            #expect(text.contains("id: 42\nevent: question\ndata: first\ndata: second\n\n"))
            let shared = EventStream.format(id: "43", data: "fan-out")
            #expect(stream.send(raw: shared))
            #expect(try await blocking { try connection.read(until: "data: fan-out") }.contains("id: 43"))
            stream.close()
            let end = try await blocking { try connection.readToEnd() }
            #expect(end.ended)
            #expect(try await log.waitForEndings(1) == [.closed])
        }
    }

    @Test("lastEventId query item is the fallback")
    func lastEventIDQuery() async throws {
        let log = StreamLog()
        try await withServer(streamingRouter(log)) { port, _ in
            let (connection, _, _) = try await blocking { try openStream(port, target: "/events?lastEventId=7") }
            #expect(try await blocking { try connection.read(until: "data: 7\n\n") }.contains("event: resume"))
        }
    }

    @Test("heartbeat comments reach idle streams")
    func heartbeat() async throws {
        let log = StreamLog()
        try await withServer(
            streamingRouter(log), configuration: configured { $0.heartbeatInterval = .milliseconds(100) }
        ) {
            port, server in
            let (connection, _, _) = try await blocking { try openStream(port) }
            _ = try await log.waitForStreams(1)
            let text = try await blocking { try connection.read(until: ": heartbeat\n\n", timeout: 3) }
            #expect(text.contains(": heartbeat"))
            #expect(server.openStreamCount == 1)
        }
    }

    @Test("a subscriber that never reads is dropped at the buffer limit and onTermination fires once")
    func slowSubscriberDropped() async throws {
        let log = StreamLog()
        try await withServer(
            streamingRouter(log), configuration: configured { $0.maxBufferedBytesPerStream = 256 * 1024 }
        ) {
            port, _ in
            let (connection, _, _) = try await blocking { try openStream(port, receiveBuffer: 4_096) }
            let stream = try #require(try await log.waitForStreams(1).first)
            let payload = String(repeating: "x", count: 32 * 1024)
            var accepted = 0
            for _ in 0..<2_000 {
                guard stream.send(data: payload) else { break }
                accepted += 1
                if accepted % 16 == 0 { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(accepted < 2_000, "never dropped")
            #expect(!stream.isOpen)
            #expect(stream.bufferedBytes == 0)
            #expect(try await log.waitForEndings(1) == [.dropped])
            #expect(!stream.send(data: "after"))
            connection.close()
            try await Task.sleep(for: .milliseconds(50))
            #expect(log.ended == [.dropped])
        }
    }

    @Test("a client that leaves is reaped by the heartbeat: onTermination(.clientGone)")
    func clientGone() async throws {
        let log = StreamLog()
        try await withServer(
            streamingRouter(log), configuration: configured { $0.heartbeatInterval = .milliseconds(50) }
        ) {
            port, server in
            let (connection, _, _) = try await blocking { try openStream(port) }
            _ = try await log.waitForStreams(1)
            connection.close()
            #expect(try await log.waitForEndings(1) == [.clientGone])
            for _ in 0..<100 where server.openStreamCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.openStreamCount == 0)
        }
    }

    @Test("shutdown ends every open stream cleanly: buffered events, then the end of the stream")
    func shutdownEndsStreams() async throws {
        let log = StreamLog()
        let server = HTTPServer(router: streamingRouter(log))
        let port = try server.start()
        let connections = try await blocking { try (0..<3).map { _ in try openStream(port).0 } }
        let streams = try await log.waitForStreams(3)
        for stream in streams { stream.send(id: "1", data: "last words") }
        let readers = connections.map { connection in
            Task { try await blocking { try connection.readToEnd(timeout: 5) } }
        }
        try await Task.sleep(for: .milliseconds(50))
        let clock = ContinuousClock()
        let started = clock.now
        await server.shutdown(grace: .seconds(2))
        #expect(started.duration(to: clock.now) < .seconds(2))
        for reader in readers {
            let result = try await reader.value
            #expect(result.ended)
            #expect(result.text.contains("data: last words"))
        }
        #expect(try await log.waitForEndings(3).allSatisfy { $0 == .shutdown })
        #expect(server.openStreamCount == 0)
    }
}
