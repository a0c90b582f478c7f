import Foundation
import KetupekCore

/// Facebook Live comments. Polling the video's `comments` edge in chronological order with cursors is the
/// dependable mode (the checkpoint is the `after` cursor of the last stored page). The `live_comments`
/// Server-Sent Events stream (`comment_rate=one_hundred_per_second`) is the low-latency mode: after any
/// disconnect the gap is back-filled by polling from the cursor (duplicates fold into the stored question),
/// and when the stream cannot be opened the source falls back to polling. It stops when the video is no
/// longer live.
///
/// Graph errors: code 190 (token) fails the source with a clear message; throttling (4, 17, 32, 613, 80001)
/// backs off for as long as the usage headers say; permission errors fail it; others back off.
public struct FacebookLiveSource: CommentSource {
    public let kind = SourceKind.facebook
    public static let defaultBaseURL = "https://graph.facebook.com/v22.0"
    public static let defaultStreamingBaseURL = "https://streaming-graph.facebook.com"
    static let fields = "id,message,created_time,from{name,id}"

    public enum Mode: String, Sendable {
        case poll, stream
    }

    let baseURL: URL
    let streamingBaseURL: URL
    let videoID: String
    let accessToken: String
    let mode: Mode
    let pollInterval: Duration
    let http: PlatformHTTP
    let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameter sleep: waits between polls and reconnects; tests pass one that records the wait instead.
    public init(
        settings: SourceSettings,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws(SourceError) {
        self.sleep = sleep
        try settings.validate(for: .facebook)
        guard let base = URL(string: settings["baseURL"] ?? Self.defaultBaseURL),
            let streaming = URL(string: settings["streamingBaseURL"] ?? Self.defaultStreamingBaseURL),
            let video = settings["videoID"], let token = settings["accessToken"]
        else { throw .terminal("bad_settings", "videoID, accessToken and valid base URLs are required") }
        baseURL = base
        streamingBaseURL = streaming
        videoID = video
        accessToken = token
        mode = Mode(rawValue: settings["mode"] ?? "poll") ?? .poll
        pollInterval = .milliseconds(Int(settings["pollMillis"] ?? "") ?? 3_000)
        http = PlatformHTTP()
    }

    private func url(_ base: URL, _ path: String, _ query: [String: String]) -> URL {
        var components =
            URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)
            ?? URLComponents()
        components.queryItems =
            query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            + [URLQueryItem(name: "access_token", value: accessToken)]
        return components.url ?? base
    }

    public func run(from checkpoint: String?, into sink: any SourceSink) async throws {
        var cursor = checkpoint
        await sink.note("mode", mode.rawValue)
        if mode == .stream {
            // Streams until one cannot be opened; every pass first back-fills what the stream may have missed.
            var quiet = 0
            for _ in 0..<1_000_000 {
                cursor = try await backfill(from: cursor, into: sink)
                if try await !isLive() { return }
                guard let delivered = try await streamOnce(into: sink) else {
                    await sink.note("mode", "poll (stream unavailable)")
                    break
                }
                // A stream that keeps ending without a comment reconnects ever more slowly (0.2 s → 30 s), so a
                // broken endpoint does not turn into a polling storm against the Graph API.
                quiet = delivered ? 0 : min(quiet + 1, 8)
                try await sleep(min(.milliseconds(200) * (1 << quiet), .seconds(30)))
            }
        }
        // Polling: drain the pages after the cursor, wait, repeat while the video is live.
        while true {
            try Task.checkCancellation()
            let before = cursor
            cursor = try await backfill(from: cursor, into: sink)
            if cursor == before, try await !isLive() { return }
            try await sleep(pollInterval)
        }
    }

    /// Fetches every page after `cursor`, delivering each with its `after` cursor; returns the last cursor.
    func backfill(from cursor: String?, into sink: any SourceSink) async throws -> String? {
        var cursor = cursor
        // At most 10,000 pages in one go (a million comments); the next poll continues.
        for _ in 0..<10_000 {
            var query = ["order": "chronological", "filter": "stream", "limit": "100", "fields": Self.fields]
            if let cursor { query["after"] = cursor }
            let reply = try await http.get(url(baseURL, "\(videoID)/comments", query))
            guard reply.status == 200 else { throw Self.failure(reply) }
            guard let root = (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] else {
                throw SourceError.transient("malformed", "Facebook answered with something that is not a comment page")
            }
            let comments = (root["data"] as? [Any] ?? []).compactMap { Self.comment($0 as? [String: Any]) }
            let paging = root["paging"] as? [String: Any]
            let after = (paging?["cursors"] as? [String: Any])?["after"] as? String
            if !comments.isEmpty || (after != nil && after != cursor) {
                try await sink.deliver(SourceBatch(comments: comments, checkpoint: after ?? cursor))
            }
            cursor = after ?? cursor
            if paging?["next"] == nil || comments.isEmpty { break }
        }
        return cursor
    }

    /// Reads the `live_comments` stream until it ends or breaks; returns whether it delivered any comment,
    /// or nil when it could not be opened (not 200 or not `text/event-stream`).
    func streamOnce(into sink: any SourceSink) async throws -> Bool? {
        var delivered = false
        let target = url(
            streamingBaseURL, "\(videoID)/live_comments",
            ["comment_rate": "one_hundred_per_second", "fields": Self.fields])
        var parser = SSEParser()
        do {
            for try await part in http.stream(target, headers: ["Accept": "text/event-stream"]) {
                switch part {
                case .head(let status, let headers):
                    let type = headers.first { $0.key.lowercased() == "content-type" }?.value.lowercased() ?? ""
                    guard status == 200, type.hasPrefix("text/event-stream") else { return nil }
                case .bytes(let bytes):
                    let events: [SSEEvent]
                    do { events = try parser.feed(bytes) } catch { return delivered }
                    let comments = events.compactMap { event -> IncomingComment? in
                        guard let data = event.data.data(using: .utf8) else { return nil }
                        return Self.comment((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
                    }
                    if !comments.isEmpty {
                        try await sink.deliver(SourceBatch(comments: comments, checkpoint: nil))
                        delivered = true
                    }
                }
            }
        } catch let error as SourceError where error.code == "stream_broken" {
            // Cut mid-event: the partial event is dropped; the back-fill fetches it.
        }
        return delivered
    }

    /// Whether the video is still live (`status == LIVE`).
    func isLive() async throws -> Bool {
        let reply = try await http.get(url(baseURL, videoID, ["fields": "status"]))
        guard reply.status == 200 else { throw Self.failure(reply) }
        let status = ((try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any])?["status"] as? String
        return status == "LIVE"
    }

    /// A Graph comment object as a comment; nil without an id or a message.
    static func comment(_ object: [String: Any]?) -> IncomingComment? {
        guard let object, let id = object["id"] as? String, let message = object["message"] as? String,
            !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return nil }
        let from = object["from"] as? [String: Any]
        return IncomingComment(
            source: SourceKind.facebook.rawValue, externalID: id, author: from?["name"] as? String,
            contact: (from?["id"] as? String).map { "facebook:" + $0 }, text: message,
            postedAt: (object["created_time"] as? String).flatMap(RFC3339.date))
    }

    /// The error a non-200 Graph answer stands for.
    static func failure(_ reply: PlatformHTTP.Reply) -> SourceError {
        let error =
            ((try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any])?["error"] as? [String: Any]
        let code = (error?["code"] as? NSNumber)?.intValue
        switch code {
        case 190:
            return .terminal(
                "token_expired",
                "the Facebook access token has expired or was revoked; paste a new Page "
                    + "access token in the source's settings and start it again")
        case 4, 17, 32, 613, 80001:
            return .transient(
                "throttled", "Facebook is throttling this app or Page; waiting as the usage headers say",
                retryAfter: throttleWait(reply))
        case .some(10), .some(200...299):
            return .terminal(
                "permission",
                "the token lacks a permission needed to read the comments "
                    + "(pages_read_engagement, pages_read_user_content)")
        case 100 where (error?["error_subcode"] as? NSNumber)?.intValue == 33:
            return .terminal("not_found", "no video with this id can be read; check videoID")
        case 368:
            return .transient("blocked", "Facebook blocked the app for a while", retryAfter: .seconds(600))
        default:
            return .transient(
                "http_\(reply.status)", "Facebook answered \(reply.status)\(code.map { " (code \($0))" } ?? "")")
        }
    }

    /// How long to back off when throttled: `estimated_time_to_regain_access` (minutes) of the business use
    /// case header, else a minute when an app usage figure is at 100 %, else nil (the supervisor's backoff).
    static func throttleWait(_ reply: PlatformHTTP.Reply) -> Duration? {
        if let header = reply.header("X-Business-Use-Case-Usage"),
            let usage = (try? JSONSerialization.jsonObject(with: Data(header.utf8))) as? [String: Any]
        {
            let minutes =
                usage.values.compactMap { $0 as? [[String: Any]] }.joined()
                .compactMap { ($0["estimated_time_to_regain_access"] as? NSNumber)?.intValue }.max() ?? 0
            if minutes > 0 { return .seconds(minutes * 60) }
        }
        for name in ["X-App-Usage", "X-Page-Usage"] {
            if let header = reply.header(name),
                let usage = (try? JSONSerialization.jsonObject(with: Data(header.utf8))) as? [String: Any],
                usage.values.contains(where: { (($0 as? NSNumber)?.intValue ?? 0) >= 100 })
            {
                return .seconds(60)
            }
        }
        return nil
    }
}
