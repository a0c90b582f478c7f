import Foundation

/// The life of a session: prepared, on air, over, and published to the archive.
public enum SessionState: String, Sendable, Codable, CaseIterable {
    case draft, live, ended, published

    /// The states a session may move to from this one. A published session can be unpublished (back to
    /// `ended`) and published again; an ended session can go live again if the broadcast resumes.
    public var successors: Set<SessionState> {
        switch self {
        case .draft: [.live, .ended]
        case .live: [.ended]
        case .ended: [.live, .published]
        case .published: [.ended]
        }
    }
}

/// One broadcast with its audience questions.
public struct Session: Sendable, Codable, Equatable {
    public var id: SessionID
    public var slug: String
    public var title: String
    public var description: String
    /// The broadcast's main language (`id` or `en`).
    public var language: Language
    public var videoURL: String?
    /// When the broadcast started, to turn comment times into video offsets. Editable to correct drift.
    public var broadcastStart: Date?
    public var state: SessionState
    /// Whether the public form and sources still take new questions.
    public var acceptingQuestions: Bool
    public var createdAt: Date
    /// Bumped by every change, for optimistic concurrency.
    public var version: Int

    public init(
        id: SessionID, slug: String, title: String, description: String = "", language: Language = .id,
        videoURL: String? = nil, broadcastStart: Date? = nil, state: SessionState = .draft,
        acceptingQuestions: Bool = true, createdAt: Date, version: Int = 1
    ) {
        self.id = id
        self.slug = slug
        self.title = title
        self.description = description
        self.language = language
        self.videoURL = videoURL
        self.broadcastStart = broadcastStart
        self.state = state
        self.acceptingQuestions = acceptingQuestions
        self.createdAt = createdAt
        self.version = version
    }

    /// Seconds into the broadcast at which something happened, when the broadcast start is known and the
    /// moment is not before it.
    public func videoOffset(at time: Date) -> Double? {
        guard let start = broadcastStart else { return nil }
        let offset = time.timeIntervalSince(start)
        return offset >= 0 ? (offset * 1000).rounded() / 1000 : nil
    }
}

/// What an admin supplies to create a session, validated by `SessionDraft.validated()`.
public struct SessionDraft: Sendable, Codable, Equatable {
    public var slug: String
    public var title: String
    public var description: String?
    public var language: Language?
    public var videoURL: String?
    public var broadcastStart: Date?

    public init(
        slug: String, title: String, description: String? = nil, language: Language? = nil,
        videoURL: String? = nil, broadcastStart: Date? = nil
    ) {
        self.slug = slug
        self.title = title
        self.description = description
        self.language = language
        self.videoURL = videoURL
        self.broadcastStart = broadcastStart
    }

    /// The draft with its texts cleaned, or the first rule it breaks.
    public func validated() throws(ValidationError) -> SessionDraft {
        var copy = self
        copy.slug = try TextRules.slug(slug)
        copy.title = try TextRules.clean(title, field: "title", max: 200)
        copy.description = try description.map { (text: String) throws(ValidationError) in
            try TextRules.clean(text, field: "description", max: 4_000, required: false)
        }
        copy.videoURL = try videoURL.map { (url: String) throws(ValidationError) in try SessionDraft.checkURL(url) }
        return copy
    }

    static func checkURL(_ url: String) throws(ValidationError) -> String {
        let trimmed = url.trimmingWhitespace()
        guard trimmed.count <= 2_000, trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://"),
            !trimmed.contains(where: { $0.isWhitespace })
        else { throw .invalidFormat(field: "videoURL", expected: "an http or https URL") }
        return trimmed
    }
}

/// A partial change to a session (PATCH): only the fields present change.
public struct SessionPatch: Sendable, Codable, Equatable {
    public var title: String?
    public var description: String?
    public var language: Language?
    public var videoURL: String?
    public var broadcastStart: Date?
    public var acceptingQuestions: Bool?

    public init(
        title: String? = nil, description: String? = nil, language: Language? = nil, videoURL: String? = nil,
        broadcastStart: Date? = nil, acceptingQuestions: Bool? = nil
    ) {
        self.title = title
        self.description = description
        self.language = language
        self.videoURL = videoURL
        self.broadcastStart = broadcastStart
        self.acceptingQuestions = acceptingQuestions
    }

    /// The session with this patch applied and its version bumped, or the first rule the patch breaks.
    public func applied(to session: Session) throws(ValidationError) -> Session {
        var updated = session
        if let title { updated.title = try TextRules.clean(title, field: "title", max: 200) }
        if let description {
            updated.description = try TextRules.clean(description, field: "description", max: 4_000, required: false)
        }
        if let language { updated.language = language }
        if let videoURL { updated.videoURL = try SessionDraft.checkURL(videoURL) }
        if let broadcastStart { updated.broadcastStart = broadcastStart }
        if let acceptingQuestions { updated.acceptingQuestions = acceptingQuestions }
        updated.version += 1
        return updated
    }
}
