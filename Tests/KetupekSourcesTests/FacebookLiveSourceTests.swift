import Foundation
import KetupekCore
import KetupekSources
import KetupekTestSupport
import Synchronization
import Testing

@Suite("Facebook Live source against a local fake Graph API and live_comments stream")
struct FacebookLiveSourceTests {
    static let video = "1190312345678901"
    static func comment(_ id: String, _ message: String, name: String? = nil) -> String {
        let from = name.map { #","from":{"name":"\#($0)","id":"77\#(id)"}"# } ?? ""
        return
            #"{"id":"\#(Self.video)_\#(id)","message":"\#(message)","created_time":"2026-01-01T18:47:02+0000"\#(from)}"#
    }
    static func page(_ comments: [String], after: String?, next: Bool) -> String {
        let cursors =
            after.map {
                #","paging":{"cursors":{"before":"B","after":"\#($0)"}\#(next ? #","next":"http://x/next""# : "")}"#
            } ?? ""
        return #"{"data":[\#(comments.joined(separator: ","))]\#(cursors)}"#
    }
    static func graphError(_ code: Int, subcode: Int? = nil) -> String {
        #"{"error":{"message":"x","type":"OAuthException","code":\#(code)\#(subcode.map { ",\"error_subcode\":\($0)" } ?? ""),"fbtrace_id":"AbC"}}"#
    }

    func source(_ server: FakePlatformServer, mode: String = "poll", waits: Waits = Waits()) throws
        -> FacebookLiveSource
    {
        try FacebookLiveSource(
            settings: SourceSettings([
                "baseURL": server.baseURL + "/v22.0", "streamingBaseURL": server.baseURL, "videoID": Self.video,
                "accessToken": "FAKETOKEN", "mode": mode, "pollMillis": "2500",
            ])
        ) { waits.record($0) }
    }

    @Test("polling: chronological pages with cursors, whole and in tiny chunks, until the video is no longer live")
    func polling() async throws {
        for chunk in [nil, 2] as [Int?] {
            let live = Atomic<Int>(0)
            let server = try FakePlatformServer { request in
                if request.path == "/v22.0/\(Self.video)" {
                    // Live for the first check, then stopped.
                    let status = live.add(1, ordering: .relaxed).oldValue == 0 ? "LIVE" : "LIVE_STOPPED"
                    return .init(json: #"{"status":"\#(status)","id":"\#(Self.video)"}"#, chunkSize: chunk)
                }
                switch request.query["after"] {
                case nil:
                    return .init(
                        json: Self.page(
                            [
                                Self.comment("1", "Will the slides be shared after?", name: "Dana Q."),
                                Self.comment("2", "Can you repeat the last point? 🙏"),
                            ],
                            after: "C1", next: true), chunkSize: chunk)
                case "C1":
                    return .init(
                        json: Self.page([Self.comment("3", "Satu lagi?")], after: "C2", next: false),
                        chunkSize: chunk)
                default: return .init(json: Self.page([], after: nil, next: false), chunkSize: chunk)
                }
            }
            defer { server.stop() }
            let sink = RecordingSink()
            let waits = Waits()
            try await source(server, waits: waits).run(from: nil, into: sink)
            #expect(
                sink.all.flatMap(\.comments).map(\.externalID) == [
                    "\(Self.video)_1", "\(Self.video)_2", "\(Self.video)_3",
                ])
            #expect(sink.all.map(\.checkpoint) == ["C1", "C2"])
            let first = try #require(sink.all.first?.comments.first)
            #expect(first.author == "Dana Q." && first.contact == "facebook:771")
            #expect(first.postedAt == RFC3339.date("2026-01-01T18:47:02Z"))
            #expect(sink.all.first?.comments.last?.author == nil, "a comment without from has no author")
            #expect(waits.all == [.milliseconds(2_500), .milliseconds(2_500)], "waits between polls")
            let pages = server.requests.filter { $0.path.hasSuffix("/comments") }
            #expect(
                pages.allSatisfy { $0.query["order"] == "chronological" && $0.query["access_token"] == "FAKETOKEN" })
            #expect(pages.map { $0.query["after"] } == [nil, "C1", "C2", "C2"])
        }
    }

    @Test("stream: the fixture in tiny chunks, then a cut mid-event; the back-fill by polling recovers the cut comment")
    func stream() async throws {
        let sse = try Fixture.bytes("facebook_live_comments.sse")
        let third = Array("data: \(Self.comment("3", "Dipotong?"))\n\n".utf8)
        let streams = Atomic<Int>(0)
        let server = try FakePlatformServer { request in
            if request.path == "/\(Self.video)/live_comments" {
                #expect(request.query["comment_rate"] == "one_hundred_per_second")
                let attempt = streams.add(1, ordering: .relaxed).oldValue
                // First connection: two events in 1-byte writes, then the third cut in the middle.
                if attempt == 0 {
                    return .init(
                        contentType: "text/event-stream", body: sse + third, chunkSize: 1,
                        cutAfter: sse.count + third.count / 2)
                }
                return .init(status: 400, body: Array(Self.graphError(100, subcode: 33).utf8))
            }
            if request.path == "/v22.0/\(Self.video)" {
                return .init(json: #"{"status":"\#(streams.load(ordering: .relaxed) == 0 ? "LIVE" : "VOD")"}"#)
            }
            // Before the stream: nothing yet. After the cut: the back-fill sees all three.
            if streams.load(ordering: .relaxed) == 0 { return .init(json: Self.page([], after: nil, next: false)) }
            return .init(
                json: Self.page(
                    [
                        Self.comment("1190319876543210", "Will the slides be shared after?"),
                        Self.comment("3", "Dipotong?"),
                    ], after: "C9", next: false))
        }
        defer { server.stop() }
        let sink = RecordingSink()
        try await source(server, mode: "stream").run(from: nil, into: sink)
        let ids = sink.all.flatMap(\.comments).map(\.externalID)
        #expect(Array(ids.prefix(2)) == ["1190312345678901_1190319876543210", "1190312345678901_1190319876543299"])
        #expect(
            Set(ids) == ["1190312345678901_1190319876543210", "1190312345678901_1190319876543299", "\(Self.video)_3"])
        #expect(sink.all.last?.checkpoint == "C9")
        #expect(sink.all.flatMap(\.comments).contains { $0.text == "Can you repeat the last point? 🙏" })
    }

    @Test("a stream that keeps ending without comments reconnects ever more slowly")
    func reconnectBackoff() async throws {
        let checks = Atomic<Int>(0)
        let server = try FakePlatformServer { request in
            if request.path.hasSuffix("/live_comments") {
                return .init(contentType: "text/event-stream", body: Array(": ping\n\n".utf8))
            }
            if request.path == "/v22.0/\(Self.video)" {
                let live = checks.add(1, ordering: .relaxed).oldValue < 4
                return .init(json: #"{"status":"\#(live ? "LIVE" : "VOD")"}"#)
            }
            return .init(json: Self.page([], after: nil, next: false))
        }
        defer { server.stop() }
        let waits = Waits()
        try await source(server, mode: "stream", waits: waits).run(from: nil, into: RecordingSink())
        #expect(waits.all == [.milliseconds(400), .milliseconds(800), .milliseconds(1_600), .milliseconds(3_200)])
    }

    @Test("a stream that cannot be opened falls back to polling")
    func fallback() async throws {
        let server = try FakePlatformServer { request in
            if request.path.hasSuffix("/live_comments") { return .init(json: "{}", status: 200) }  // not text/event-stream
            if request.path == "/v22.0/\(Self.video)" { return .init(json: #"{"status":"LIVE"}"#) }
            return request.query["after"] == nil
                ? .init(json: Self.page([Self.comment("5", "Lewat polling?")], after: "C5", next: false))
                : .init(json: Self.graphError(190, subcode: 463), status: 400)
        }
        defer { server.stop() }
        let sink = RecordingSink()
        await #expect(throws: SourceError.self) { try await source(server, mode: "stream").run(from: nil, into: sink) }
        #expect(sink.notes["mode"] == "poll (stream unavailable)")
        #expect(sink.all.flatMap(\.comments).map(\.externalID) == ["\(Self.video)_5"])
    }

    @Test("Graph errors: an expired token fails with a clear message; throttling waits as the usage headers say")
    func errors() async throws {
        let cases: [(FakePlatformServer.Reply, String, SourceError.Kind)] = [
            (.init(json: Self.graphError(190, subcode: 463), status: 400), "token_expired", .terminal),
            (
                .init(
                    json: Self.graphError(80001), status: 400,
                    headers: [
                        "X-Business-Use-Case-Usage":
                            #"{"1190":[{"type":"pages","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":2}]}"#
                    ]),
                "throttled", .transient(retryAfter: .seconds(120))
            ),
            (
                .init(
                    json: Self.graphError(4), status: 400,
                    headers: ["X-App-Usage": #"{"call_count":100,"total_cputime":25,"total_time":25}"#]),
                "throttled", .transient(retryAfter: .seconds(60))
            ),
            (.init(json: Self.graphError(17), status: 400), "throttled", .transient(retryAfter: nil)),
            (.init(json: Self.graphError(10), status: 403), "permission", .terminal),
            (.init(json: Self.graphError(2), status: 500), "http_500", .transient(retryAfter: nil)),
            (
                .init(body: Array(Self.page([Self.comment("1", "x")], after: "C", next: false).utf8), cutAfter: 20),
                "network",
                .transient(retryAfter: nil)
            ),
        ]
        for (reply, code, kind) in cases {
            let server = try FakePlatformServer { _ in reply }
            defer { server.stop() }
            let sink = RecordingSink()
            do {
                try await source(server).run(from: "C0", into: sink)
                Issue.record("\(code): finished")
            } catch let error as SourceError {
                #expect(error.code == code)
                #expect(error.kind == kind, "\(code)")
                #expect(!error.message.contains("FAKETOKEN"), "no token in the message")
            }
            #expect(sink.all.isEmpty)
            #expect(server.requests.first?.query["after"] == "C0", "resumes from the checkpoint")
        }
    }
}
