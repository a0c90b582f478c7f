import Foundation
import KetupekCore

/// YouTube Live chat through `liveChatMessages.list` polling: waits `pollingIntervalMillis` between calls,
/// resumes from the stored `nextPageToken`, stops at `chatEndedEvent`, `offlineAt` or `liveChatEnded`, and
/// counts deleted messages and bans as retractions. Each call costs an estimated 5 quota units.
///
/// Errors, each handled on its own: `quotaExceeded` waits until the quota resets (midnight Pacific time);
/// `rateLimitExceeded` waits the last interval; `forbidden`, `liveChatDisabled`, `liveChatNotFound` and 401
/// fail the source with a message saying what to fix; 5xx and network failures back off.
public struct YouTubeChatSource: CommentSource {
    public let kind = SourceKind.youtube
    public static let defaultBaseURL = "https://www.googleapis.com"
    /// Quota units per `liveChatMessages.list` call.
    public static let unitsPerCall = 5

    let baseURL: URL
    let liveChatID: String
    let apiKey: String?
    let accessToken: String?
    /// Skip the chat history the first call returns (only when starting without a checkpoint).
    let skipHistory: Bool
    /// The shortest wait between calls, whatever the server says.
    let minimumInterval: Duration
    let http: PlatformHTTP
    let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameter sleep: waits between calls; tests pass one that records the wait instead.
    public init(
        settings: SourceSettings,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws(SourceError) {
        self.sleep = sleep
        try settings.validate(for: .youtube)
        guard let base = URL(string: settings["baseURL"] ?? Self.defaultBaseURL), let chat = settings["liveChatId"]
        else {
            throw .terminal("bad_settings", "liveChatId and a valid baseURL are required")
        }
        baseURL = base
        liveChatID = chat
        apiKey = settings["apiKey"]
        accessToken = settings["accessToken"]
        skipHistory = settings["skipHistory"] == "true"
        minimumInterval = .milliseconds(Int(settings["minPollMillis"] ?? "") ?? 1_000)
        http = PlatformHTTP()
    }

    func url(pageToken: String?) -> URL {
        var components =
            URLComponents(
                url: baseURL.appendingPathComponent("youtube/v3/liveChat/messages"),
                resolvingAgainstBaseURL: false) ?? URLComponents()
        var items = [
            URLQueryItem(name: "liveChatId", value: liveChatID),
            URLQueryItem(name: "part", value: "id,snippet,authorDetails"),
            URLQueryItem(name: "maxResults", value: "2000"),
        ]
        if let pageToken { items.append(URLQueryItem(name: "pageToken", value: pageToken)) }
        if let apiKey, accessToken == nil { items.append(URLQueryItem(name: "key", value: apiKey)) }
        components.queryItems = items
        return components.url ?? baseURL
    }

    public func run(from checkpoint: String?, into sink: any SourceSink) async throws {
        var pageToken = checkpoint
        var interval = minimumInterval
        var calls = 0
        var first = checkpoint == nil
        // Bounded by the chat's end, an error, or cancellation; each pass waits at least `minimumInterval`.
        while true {
            try Task.checkCancellation()
            let headers = accessToken.map { ["Authorization": "Bearer \($0)"] } ?? [:]
            let reply = try await http.get(url(pageToken: pageToken), headers: headers)
            calls += 1
            await sink.note("quotaUnitsUsed", String(calls * Self.unitsPerCall))
            guard reply.status == 200 else {
                let failure = Self.failure(status: reply.status, body: reply.body, interval: interval)
                if failure.code == "chat_ended" {
                    await sink.note("ended", "liveChatEnded")
                    return
                }
                throw failure
            }
            let page = try Self.page(reply.body)
            var batch = page.batch
            if first && skipHistory { batch.comments = [] }
            first = false
            try await sink.deliver(batch)
            pageToken = page.batch.checkpoint ?? pageToken
            if page.ended {
                await sink.note("ended", page.offline ? "offlineAt" : "chatEndedEvent")
                return
            }
            interval = max(minimumInterval, page.interval ?? minimumInterval)
            try await sleep(min(interval, .seconds(60)))
        }
    }

    /// One parsed page: its batch (checkpoint = nextPageToken), the wait it asks for, and whether the chat ended.
    struct Page {
        var batch: SourceBatch
        var interval: Duration?
        var ended: Bool
        var offline: Bool
    }

    static func page(_ body: Data) throws(SourceError) -> Page {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw .transient("malformed", "YouTube answered with something that is not a message list")
        }
        var comments: [IncomingComment] = []
        var retracted: [String] = []
        var ended = false
        for case let item as [String: Any] in root["items"] as? [Any] ?? [] {
            guard let id = item["id"] as? String, let snippet = item["snippet"] as? [String: Any] else { continue }
            let author = (item["authorDetails"] as? [String: Any])?["displayName"] as? String
            let channel =
                (item["authorDetails"] as? [String: Any])?["channelId"] as? String
                ?? snippet["authorChannelId"] as? String
            let posted = (snippet["publishedAt"] as? String).flatMap(RFC3339.date)
            var text: String?
            switch snippet["type"] as? String {
            case "textMessageEvent":
                text =
                    ((snippet["textMessageDetails"] as? [String: Any])?["messageText"] as? String)
                    ?? snippet["displayMessage"] as? String
            case "superChatEvent":
                text = (snippet["superChatDetails"] as? [String: Any])?["userComment"] as? String
            case "memberMilestoneChatEvent":
                text = (snippet["memberMilestoneChatDetails"] as? [String: Any])?["userComment"] as? String
            case "messageDeletedEvent":
                if let deleted = (snippet["messageDeletedDetails"] as? [String: Any])?["deletedMessageId"] as? String {
                    retracted.append(deleted)
                }
            case "messageRetractedEvent":
                if let gone = (snippet["messageRetractedDetails"] as? [String: Any])?["retractedMessageId"] as? String {
                    retracted.append(gone)
                }
            case "userBannedEvent":
                let banned =
                    ((snippet["userBannedDetails"] as? [String: Any])?["bannedUserDetails"] as? [String: Any])?[
                        "channelId"] as? String
                retracted.append("channel:" + (banned ?? "?"))
            case "chatEndedEvent":
                ended = true
            default:
                break  // tombstones, sponsorships, polls and future types carry no question
            }
            if let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                comments.append(
                    IncomingComment(
                        source: SourceKind.youtube.rawValue, externalID: id, author: author,
                        contact: channel.map { "youtube:" + $0 }, text: text, postedAt: posted))
            }
        }
        let offline = root["offlineAt"] is String
        let interval = (root["pollingIntervalMillis"] as? NSNumber).map { Duration.milliseconds($0.int64Value) }
        return Page(
            batch: SourceBatch(comments: comments, checkpoint: root["nextPageToken"] as? String, retracted: retracted),
            interval: interval, ended: ended || offline, offline: offline)
    }

    /// The error a non-200 answer stands for, from the Google error envelope's `reason`.
    static func failure(status: Int, body: Data, interval: Duration) -> SourceError {
        let error = ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["error"] as? [String: Any]
        let reason = ((error?["errors"] as? [Any])?.first as? [String: Any])?["reason"] as? String
        switch (status, reason) {
        case (_, "liveChatEnded"):
            return .terminal("chat_ended", "the live chat has ended")
        case (_, "quotaExceeded"):
            return .transient(
                "quota_exceeded",
                "the project's daily YouTube quota is used up; it resets at midnight "
                    + "Pacific time", retryAfter: untilPacificMidnight())
        case (_, "rateLimitExceeded"):
            return .transient(
                "rate_limited", "YouTube asked to poll more slowly", retryAfter: max(interval, .seconds(1)))
        case (_, "forbidden"):
            return .terminal(
                "forbidden",
                "the credentials may not read this chat; use a key or token of the "
                    + "broadcasting channel's project")
        case (_, "liveChatDisabled"):
            return .terminal("chat_disabled", "chat is not enabled for this broadcast")
        case (_, "liveChatNotFound"), (404, _):
            return .terminal("chat_not_found", "no live chat has this liveChatId; check the setting")
        case (401, _):
            return .terminal("unauthorized", "the access token or API key was refused; replace it in the settings")
        case (500...599, _):
            return .transient("http_\(status)", "YouTube had a server error")
        default:
            return .transient("http_\(status)", "YouTube answered \(status)\(reason.map { " (\($0))" } ?? "")")
        }
    }

    /// How long until the next midnight in Pacific time (when the daily quota resets).
    static func untilPacificMidnight(now: Date = Date()) -> Duration {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone =
            TimeZone(identifier: "America/Los_Angeles") ?? TimeZone(secondsFromGMT: -8 * 3_600) ?? .current
        let next = calendar.nextDate(
            after: now, matching: DateComponents(hour: 0, minute: 0), matchingPolicy: .nextTime)
        return .seconds(max(60, Int((next ?? now.addingTimeInterval(3600)).timeIntervalSince(now))))
    }
}
