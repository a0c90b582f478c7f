import Foundation
import KetupekApp
import KetupekTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary polls a local fake YouTube or Facebook, is killed with SIGKILL mid-stream, and on restart
/// resumes from the page token / cursor stored with the last batch: every comment once, none missing.
@Suite("Platform sources resume after kill -9", .serialized)
struct PlatformResumeTests {
    static let pages = 60
    static let perPage = 50

    /// A fake liveChatMessages.list: token `P<n>` answers page n; the page after the last ends the chat.
    static func youtube() throws -> FakePlatformServer {
        try FakePlatformServer { request in
            let page = Int((request.query["pageToken"] ?? "P0").dropFirst()) ?? 0
            guard page < pages else {
                return .init(
                    json:
                        #"{"nextPageToken":"END","pollingIntervalMillis":1,"offlineAt":"2026-01-01T19:30:00Z","items":[{"id":"end","snippet":{"type":"chatEndedEvent"}}]}"#
                )
            }
            let items = (0..<perPage).map {
                #"{"id":"yt-\#(page)-\#($0)","snippet":{"type":"textMessageEvent","publishedAt":"2026-01-01T18:47:02Z","textMessageDetails":{"messageText":"Pertanyaan \#(page)-\#($0)?"}},"authorDetails":{"displayName":"Penonton \#($0)"}}"#
            }
            return .init(
                json:
                    #"{"nextPageToken":"P\#(page + 1)","pollingIntervalMillis":1,"items":[\#(items.joined(separator: ","))]}"#
            )
        }
    }

    /// A fake Graph comments edge: cursor `C<n>` answers page n (one page per poll); after the last, nothing.
    static func facebook() throws -> FakePlatformServer {
        try FakePlatformServer { request in
            if request.path.hasSuffix("/comments") {
                let page = Int((request.query["after"] ?? "C0").dropFirst()) ?? 0
                guard page < pages else { return .init(json: #"{"data":[]}"#) }
                let data = (0..<perPage).map {
                    #"{"id":"fb-\#(page)-\#($0)","message":"Pertanyaan \#(page)-\#($0)?","created_time":"2026-01-01T18:47:02+0000","from":{"name":"Warga","id":"9\#($0)"}}"#
                }
                return .init(
                    json:
                        #"{"data":[\#(data.joined(separator: ","))],"paging":{"cursors":{"before":"B","after":"C\#(page + 1)"}}}"#
                )
            }
            return .init(json: #"{"status":"VOD"}"#)
        }
    }

    static func waitForSource(
        _ server: ServerProcess, _ auth: [String: String], attempts: Int = 1_500,
        _ done: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        for _ in 0..<attempts {
            let list = try await server.client.send("GET", "/api/v1/sessions/platform/sources", headers: auth)
            if let source = (list.json["sources"] as? [[String: Any]])?.first, done(source) { return source }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestClientError("the source did not reach the expected state")
    }

    static func counter(_ source: [String: Any], _ name: String) -> Int {
        (source["counters"] as? [String: Any])?[name] as? Int ?? 0
    }

    @Test(
        "youtube and facebook sources killed mid-stream resume from their checkpoint: no duplicate, no gap",
        arguments: ["youtube", "facebook"])
    func killDuringPolling(kind: String) async throws {
        let fake = kind == "youtube" ? try Self.youtube() : try Self.facebook()
        defer { fake.stop() }
        let directory = try TemporaryDirectory("ketupek-e2e-\(kind)")
        defer { directory.remove() }
        var configuration = Configuration()
        configuration.dataDirectory = directory.path
        let auth = [
            "Authorization": "Bearer \(try await AdminCommands.createToken(configuration, name: "e2e", role: .admin))"
        ]
        // 60 pages at most one per 80 ms: the kill after the first 200 comments lands seconds before the end,
        // even when a loaded machine answers the status polls late.
        let settings =
            kind == "youtube"
            ? #"{"baseURL": "\#(fake.baseURL)", "liveChatId": "KicK", "apiKey": "FAKEKEY", "minPollMillis": "80"}"#
            : #"{"baseURL": "\#(fake.baseURL)/v22.0", "videoID": "1190", "accessToken": "FAKETOKEN", "pollMillis": "80"}"#

        let first = try ServerProcess(dataDirectory: directory.path)
        #expect(
            try await first.client.json(
                "POST", "/api/v1/sessions", #"{"slug": "platform", "title": "P"}"#,
                headers: auth
            ).status == 201)
        #expect(
            try await first.client.json(
                "POST", "/api/v1/sessions/platform/state", #"{"state": "live"}"#,
                headers: auth
            ).status == 200)
        let created = try await first.client.json(
            "POST", "/api/v1/sessions/platform/sources",
            #"{"kind": "\#(kind)", "settings": \#(settings)}"#, headers: auth)
        let id = try #require(created.json["id"] as? Int)
        let started = ContinuousClock.now
        #expect(try await first.client.send("POST", "/api/v1/sources/\(id)/start", headers: auth).status == 200)
        let partway = try await Self.waitForSource(first, auth) { Self.counter($0, "ingested") >= 200 }
        first.stop(signal: SIGKILL)
        let beforeKill = ContinuousClock.now - started
        let total = Self.pages * Self.perPage
        #expect(Self.counter(partway, "ingested") < total, "killed before the end")

        let restartedAt = ContinuousClock.now
        let second = try ServerProcess(dataDirectory: directory.path)
        let base = try await Self.waitForSource(second, auth) { _ in true }
        _ = try await Self.waitForSource(second, auth) {
            Self.counter($0, "ingested") > Self.counter(base, "ingested") || $0["state"] as? String == "stopped"
        }
        let resumed = ContinuousClock.now - restartedAt
        let done = try await Self.waitForSource(second, auth) { $0["state"] as? String == "stopped" }
        let finishedAt = ContinuousClock.now
        let rate = Double(total) / ((beforeKill + (finishedAt - restartedAt)) / .seconds(1))
        print(
            "\(kind) resume: killed at \(Self.counter(partway, "ingested"))/\(total); restart to first new batch "
                + "stored \(resumed); ~\(Int(rate)) comments/s including the restart")
        #expect(Self.counter(done, "ingested") == total, "every comment stored once")
        #expect(Self.counter(done, "duplicates") == 0, "nothing fetched twice")
        #expect(second.stop() == 0)
        let questions = try await {
            let server = try ServerProcess(dataDirectory: directory.path)
            defer { server.stop() }
            var ids: Set<String> = []
            var cursor = ""
            for _ in 0..<100 {
                let page = try await server.client.send(
                    "GET", "/api/v1/sessions/platform/questions?limit=500\(cursor.isEmpty ? "" : "&after=\(cursor)")",
                    headers: auth)
                for question in page.json["questions"] as? [[String: Any]] ?? [] {
                    if let external = question["externalID"] as? String { ids.insert(external) }
                }
                guard let next = page.json["nextCursor"] as? String else { break }
                cursor = next
            }
            return ids
        }()
        let prefix = kind == "youtube" ? "yt" : "fb"
        #expect(questions.count == total)
        #expect(
            (0..<Self.pages).allSatisfy { page in
                (0..<Self.perPage).allSatisfy { questions.contains("\(prefix)-\(page)-\($0)") }
            })
    }
}
