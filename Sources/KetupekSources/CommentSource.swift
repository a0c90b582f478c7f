import Foundation
import KetupekCore

/// The kinds of comment source a session can have.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    /// The built-in public ask form at `/s/{slug}`.
    case form
    /// Generic signed push to `/hooks/{secret}`.
    case webhook
    /// Replay of a recorded JSONL file.
    case jsonl
    /// Facebook Live comments (polling the `comments` edge, or the `live_comments` SSE stream).
    case facebook
    /// YouTube Live chat (`liveChatMessages.list` polling).
    case youtube
    /// WhatsApp Business Cloud API webhook at `/hooks/whatsapp/{secret}`.
    case whatsapp

    /// Whether the source runs as a service that fetches (pull) rather than receiving requests (push).
    public var pulls: Bool {
        switch self {
        case .jsonl, .facebook, .youtube: true
        case .form, .webhook, .whatsapp: false
        }
    }
}

/// What a running source hands over: comments and the checkpoint that is true once they are stored.
///
/// The receiver stores the comments and the checkpoint in one transaction, so after a crash the source
/// resumes from a checkpoint that matches exactly what was stored: nothing lost, nothing twice.
public struct SourceBatch: Sendable, Equatable {
    public var comments: [IncomingComment]
    /// Opaque to everyone but the source (a cursor, a page token, a line number); `nil` keeps the old one.
    public var checkpoint: String?
    /// External ids the platform says were deleted or retracted (counted; moderators see them as ordinary).
    public var retracted: [String]

    public init(comments: [IncomingComment], checkpoint: String?, retracted: [String] = []) {
        self.comments = comments
        self.checkpoint = checkpoint
        self.retracted = retracted
    }
}

/// Where a source delivers its batches; returns once the batch and its checkpoint are durable.
public protocol SourceSink: Sendable {
    /// Stores `batch` and its checkpoint in one transaction. Throws when it could not; the source then
    /// stops and is restarted from the last stored checkpoint.
    func deliver(_ batch: SourceBatch) async throws
    /// Reports progress that is not a batch (estimated quota use, the mode in use), shown with the source.
    func note(_ key: String, _ value: String) async
}

extension SourceSink {
    public func note(_ key: String, _ value: String) async {}
}

/// One configured comment source that runs as a service.
///
/// `run` fetches from the platform and delivers batches until the platform says it is over (return) or
/// the task is cancelled (throw `CancellationError`). Failures are thrown as `SourceError`: the supervisor
/// backs off and calls `run` again with the last stored checkpoint.
public protocol CommentSource: Sendable {
    var kind: SourceKind { get }
    /// Runs from `checkpoint` (nil: from the beginning) until done, delivering into `sink`.
    func run(from checkpoint: String?, into sink: any SourceSink) async throws
}

/// Why a source stopped. Messages name what failed and how to fix it, and never contain a credential.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Try again after backing off; `retryAfter` when the platform said how long.
        case transient(retryAfter: Duration?)
        /// Retrying will not help until an operator changes something (token expired, chat ended badly).
        case terminal
    }

    public var kind: Kind
    /// A short machine-readable code (`token_expired`, `quota_exceeded`, `http_503`).
    public var code: String
    public var message: String

    public init(_ kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public static func transient(_ code: String, _ message: String, retryAfter: Duration? = nil) -> SourceError {
        SourceError(.transient(retryAfter: retryAfter), code: code, message: message)
    }

    public static func terminal(_ code: String, _ message: String) -> SourceError {
        SourceError(.terminal, code: code, message: message)
    }

    public var description: String { "\(code): \(message)" }
}

/// Settings of a source as the admin API stores them: plain strings, some of them credentials.
public struct SourceSettings: Sendable, Codable, Equatable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public subscript(_ key: String) -> String? {
        get { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        set { values[key] = newValue }
    }

    /// Keys whose values are credentials: stored, used, never shown back or logged.
    public static let credentialKeys: Set<String> = [
        "accessToken", "apiKey", "signingSecret", "appSecret", "verifyToken",
    ]

    /// The settings with every credential replaced by `"set"`, for showing.
    public var redacted: [String: String] {
        var copy = values
        for key in copy.keys where Self.credentialKeys.contains(key) {
            copy[key] = copy[key]?.isEmpty == false ? "set" : ""
        }
        return copy
    }

    /// The settings each kind accepts (anything else is refused, so a typo is not silently ignored).
    public static func allowedKeys(for kind: SourceKind) -> Set<String> {
        switch kind {
        case .form: []
        case .webhook: ["signingSecret"]
        case .whatsapp: ["appSecret", "verifyToken"]
        case .jsonl: ["path", "speed", "rounds", "source"]
        case .youtube: ["baseURL", "liveChatId", "apiKey", "accessToken", "skipHistory", "minPollMillis"]
        case .facebook: ["baseURL", "streamingBaseURL", "videoID", "accessToken", "mode", "pollMillis"]
        }
    }
}

extension SourceSettings {
    /// Refuses unknown keys, missing required ones and malformed values, naming the key.
    public func validate(for kind: SourceKind) throws(SourceError) {
        let allowed = Self.allowedKeys(for: kind)
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .terminal("invalid", "settings.\(unknown): not a setting of a \(kind.rawValue) source")
        }
        func require(_ key: String) throws(SourceError) {
            if self[key] == nil {
                throw .terminal("invalid", "settings.\(key): required for a \(kind.rawValue) source")
            }
        }
        for key in ["baseURL", "streamingBaseURL"] {
            if let value = self[key] {
                guard let url = URL(string: value), url.scheme == "http" || url.scheme == "https", url.host != nil
                else {
                    throw .terminal("invalid", "settings.\(key): must be an http or https URL")
                }
            }
        }
        switch kind {
        case .form: break
        case .webhook: if let secret = self["signingSecret"] { _ = try StandardWebhookVerifier(secret: secret) }
        case .whatsapp:
            try require("appSecret")
            try require("verifyToken")
        case .jsonl:
            try require("path")
            if JSONLReplaySource.Pace(setting: self["speed"]) == nil {
                throw .terminal("invalid", "settings.speed: original, max, or a positive factor")
            }
            if let rounds = self["rounds"], Int(rounds).map({ $0 >= 1 && $0 <= 1_000 }) != true {
                throw .terminal("invalid", "settings.rounds: a whole number from 1 to 1000")
            }
        case .youtube:
            try require("liveChatId")
            if self["apiKey"] == nil && self["accessToken"] == nil {
                throw .terminal("invalid", "settings.apiKey or settings.accessToken: one is required")
            }
        case .facebook:
            try require("videoID")
            try require("accessToken")
            if let mode = self["mode"], !["poll", "stream"].contains(mode) {
                throw .terminal("invalid", "settings.mode: poll or stream")
            }
        }
    }
}
