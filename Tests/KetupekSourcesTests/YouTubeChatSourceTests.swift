import Foundation
import KetupekCore
import KetupekSources
import KetupekTestSupport
import Synchronization
import Testing

@Suite("YouTube chat source against a local fake of liveChatMessages.list")
struct YouTubeChatSourceTests {
    /// The reference sample page (text message, super chat, deleted message).
    static let page1 = #"""
        {"kind":"youtube#liveChatMessageListResponse","etag":"Xk2fAKEetag0001","pollingIntervalMillis":3051,"nextPageToken":"GOi7wZ3k9YsDIKaS0o3k9YsD","pageInfo":{"totalResults":3,"resultsPerPage":3},"items":[
        {"kind":"youtube#liveChatMessage","etag":"Xk2fAKEetag0002","id":"LCC.FAKEmsg0000000000000000000000001","snippet":{"type":"textMessageEvent","liveChatId":"KicK","authorChannelId":"UCfakeViewerChannel00001","publishedAt":"2026-01-01T18:47:02.517+00:00","hasDisplayContent":true,"displayMessage":"How does this scale past 10k users?","textMessageDetails":{"messageText":"How does this scale past 10k users?"}},"authorDetails":{"channelId":"UCfakeViewerChannel00001","displayName":"Priya N","isChatSponsor":true}},
        {"kind":"youtube#liveChatMessage","etag":"Xk2fAKEetag0003","id":"LCC.FAKEmsg0000000000000000000000002","snippet":{"type":"superChatEvent","liveChatId":"KicK","authorChannelId":"UCfakeViewerChannel00002","publishedAt":"2026-01-01T18:47:05.003+00:00","hasDisplayContent":true,"displayMessage":"€5.00 from Jonas K: Any plans for an offline mode?","superChatDetails":{"amountMicros":"5000000","currency":"EUR","amountDisplayString":"€5.00","userComment":"Any plans for an offline mode?","tier":2}},"authorDetails":{"channelId":"UCfakeViewerChannel00002","displayName":"Jonas K"}},
        {"kind":"youtube#liveChatMessage","etag":"Xk2fAKEetag0004","id":"LCC.FAKEmsg0000000000000000000000003","snippet":{"type":"messageDeletedEvent","liveChatId":"KicK","authorChannelId":"UCfakeModeratorChannel01","publishedAt":"2026-01-01T18:47:06.100+00:00","hasDisplayContent":false,"messageDeletedDetails":{"deletedMessageId":"LCC.FAKEmsg0000000000000000000000001"}},"authorDetails":{"channelId":"UCfakeModeratorChannel01","displayName":"Mod Bot","isChatModerator":true}},
        {"kind":"youtube#liveChatMessage","id":"LCC.FAKEpoll","snippet":{"type":"pollEvent","publishedAt":"2026-01-01T18:47:07Z"}}
        ]}
        """#
    static let ended = #"""
        {"kind":"youtube#liveChatMessageListResponse","etag":"Xk2fAKEetag0009","pollingIntervalMillis":10000,"offlineAt":"2026-01-01T19:30:00+00:00","nextPageToken":"GLASTk9YsD","pageInfo":{"totalResults":1,"resultsPerPage":1},"items":[{"kind":"youtube#liveChatMessage","etag":"Xk2fAKEetag0010","id":"LCC.FAKEmsg00000000000000000000000ZZ","snippet":{"type":"chatEndedEvent","liveChatId":"KicK","publishedAt":"2026-01-01T19:30:00+00:00","hasDisplayContent":false}}]}
        """#
    static func error(_ code: Int, _ reason: String) -> String {
        #"{"error":{"code":\#(code),"message":"x","errors":[{"message":"x","domain":"youtube.liveChat","reason":"\#(reason)"}]}}"#
    }

    func source(_ server: FakePlatformServer, slept: Waits = Waits()) throws -> YouTubeChatSource {
        try YouTubeChatSource(
            settings: SourceSettings(
                ["baseURL": server.baseURL, "liveChatId": "KicK", "apiKey": "FAKEKEY", "minPollMillis": "0"])
        ) { duration in slept.record(duration) }
    }

    @Test("normal flow, whole and in 3-byte chunks: pages in order, token checkpoints, retractions, the end of chat")
    func normalFlow() async throws {
        for chunk in [nil, 3] as [Int?] {
            let server = try FakePlatformServer { request in
                request.query["pageToken"] == nil
                    ? .init(json: Self.page1, chunkSize: chunk) : .init(json: Self.ended, chunkSize: chunk)
            }
            defer { server.stop() }
            let sink = RecordingSink()
            let slept = Waits()
            try await source(server, slept: slept).run(from: nil, into: sink)
            #expect(slept.all == [.milliseconds(3_051)], "waits pollingIntervalMillis between calls")
            let comments = sink.all.flatMap(\.comments)
            #expect(
                comments.map(\.externalID) == [
                    "LCC.FAKEmsg0000000000000000000000001", "LCC.FAKEmsg0000000000000000000000002",
                ])
            #expect(comments.map(\.text) == ["How does this scale past 10k users?", "Any plans for an offline mode?"])
            #expect(
                comments.first?.author == "Priya N" && comments.first?.contact == "youtube:UCfakeViewerChannel00001")
            #expect(comments.first?.postedAt == RFC3339.date("2026-01-01T18:47:02.517Z"))
            #expect(sink.all.map(\.checkpoint) == ["GOi7wZ3k9YsDIKaS0o3k9YsD", "GLASTk9YsD"])
            #expect(sink.all.flatMap(\.retracted) == ["LCC.FAKEmsg0000000000000000000000001"])
            #expect(server.requests.map { $0.query["pageToken"] } == [nil, "GOi7wZ3k9YsDIKaS0o3k9YsD"])
            #expect(
                server.requests.allSatisfy {
                    $0.path == "/youtube/v3/liveChat/messages" && $0.query["key"] == "FAKEKEY"
                })
            #expect(sink.notes["quotaUnitsUsed"] == "10")
        }
    }

    @Test("resumes from the stored page token")
    func resume() async throws {
        let server = try FakePlatformServer { _ in .init(json: Self.ended) }
        defer { server.stop() }
        try await source(server).run(from: "GOi7wZ3k9YsDIKaS0o3k9YsD", into: RecordingSink())
        #expect(server.requests.first?.query["pageToken"] == "GOi7wZ3k9YsDIKaS0o3k9YsD")
    }

    @Test(
        "quotaExceeded, rateLimitExceeded, forbidden, liveChatEnded, 5xx and a cut response are each handled distinctly"
    )
    func errors() async throws {
        let cases: [(FakePlatformServer.Reply, String?)] = [
            (.init(json: Self.error(403, "quotaExceeded"), status: 403), "quota_exceeded"),
            (.init(json: Self.error(403, "rateLimitExceeded"), status: 403), "rate_limited"),
            (.init(json: Self.error(403, "forbidden"), status: 403), "forbidden"),
            (.init(json: Self.error(404, "liveChatNotFound"), status: 404), "chat_not_found"),
            (.init(json: Self.error(403, "liveChatEnded"), status: 403), nil),
            (.init(json: "{}", status: 503), "http_503"),
            (.init(body: Array(Self.page1.utf8), cutAfter: 100), "network"),
        ]
        for (reply, expected) in cases {
            let server = try FakePlatformServer { _ in reply }
            defer { server.stop() }
            let sink = RecordingSink()
            do {
                try await source(server).run(from: nil, into: sink)
                #expect(expected == nil, "finished instead of \(expected ?? "")")
            } catch let error as SourceError {
                #expect(error.code == expected)
                switch error.code {
                case "quota_exceeded":
                    guard case .transient(let wait?) = error.kind else {
                        Issue.record("no wait")
                        break
                    }
                    #expect(wait >= .seconds(60) && wait <= .seconds(25 * 3600))
                case "rate_limited", "http_503", "network":
                    guard case .transient = error.kind else {
                        Issue.record("\(error.code) not transient")
                        break
                    }
                default:
                    #expect(error.kind == .terminal, "\(error.code)")
                }
            }
            #expect(sink.all.isEmpty, "nothing delivered from an error")
        }
    }
}
