import Foundation

/// Where a question stands in moderation and on the panel.
public enum QuestionState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a moderator.
    case pending
    /// Set aside, automatically by a rule (the rule is recorded) or by a moderator.
    case held
    /// Accepted by a moderator: public on the live page, ready to be assigned and answered.
    case approved
    /// Refused, with a reason; never public.
    case rejected
    /// A duplicate folded into another question.
    case merged
    /// Being answered on air right now.
    case onAir = "on_air"
    /// To be answered after the broadcast, by a due date.
    case deferred
    /// Answered.
    case answered

    /// States in which the question's text may be shown to the public.
    public var isPublic: Bool {
        switch self {
        case .approved, .onAir, .deferred, .answered: true
        case .pending, .held, .rejected, .merged: false
        }
    }
}

/// Why a moderator rejected a question.
public enum RejectReason: String, Sendable, Codable, CaseIterable {
    case spam, abusive
    case offTopic = "off_topic"
    case duplicate, other
}

/// Whether a comment reads as a question (detected on ingest).
public enum QuestionKind: String, Sendable, Codable, CaseIterable {
    case question, comment
}

/// One comment or question from the audience, as the moderators see it.
public struct Question: Sendable, Codable, Equatable {
    public var id: QuestionID
    public var sessionID: SessionID
    /// The source kind that brought it (`form`, `facebook`, `api`, …).
    public var source: String
    /// The platform's id of the comment; unique per (session, source).
    public var externalID: String
    /// The display name the author chose; empty when anonymous.
    public var author: String
    /// Phone, e-mail or platform id for follow-up. Staff only: never public, never logged.
    public var contact: String?
    /// The text exactly as received. Staff only once edited.
    public var originalText: String
    /// The text as it may be shown (equal to `originalText` until edited or redacted).
    public var text: String
    public var receivedAt: Date
    /// When the platform says it was posted, if it says.
    public var postedAt: Date?
    /// Seconds into the broadcast, when the broadcast start was known.
    public var videoOffset: Double?
    public var kind: QuestionKind
    public var state: QuestionState
    public var rejectReason: RejectReason?
    /// Why it is held: the rule that matched, or a moderator's note.
    public var heldReason: String?
    /// Bumped by every change; a command must name the version it was decided on.
    public var version: Int
    public var votes: Int
    public var updatedAt: Date

    public init(
        id: QuestionID, sessionID: SessionID, source: String, externalID: String, author: String = "",
        contact: String? = nil, originalText: String, text: String? = nil, receivedAt: Date, postedAt: Date? = nil,
        videoOffset: Double? = nil, kind: QuestionKind = .question, state: QuestionState = .pending,
        rejectReason: RejectReason? = nil, heldReason: String? = nil, version: Int = 1, votes: Int = 0,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.sessionID = sessionID
        self.source = source
        self.externalID = externalID
        self.author = author
        self.contact = contact
        self.originalText = originalText
        self.text = text ?? originalText
        self.receivedAt = receivedAt
        self.postedAt = postedAt
        self.videoOffset = videoOffset
        self.kind = kind
        self.state = state
        self.rejectReason = rejectReason
        self.heldReason = heldReason
        self.version = version
        self.votes = votes
        self.updatedAt = updatedAt ?? receivedAt
    }
}

/// A question as the public may see it: no contact, no original text, no moderation detail.
public struct PublicQuestion: Sendable, Codable, Equatable {
    public var id: QuestionID
    public var author: String
    public var text: String
    public var state: QuestionState
    public var votes: Int
    public var receivedAt: Date

    /// The public view of a question, or `nil` when its state is not public.
    public init?(_ question: Question) {
        guard question.state.isPublic else { return nil }
        id = question.id
        author = question.author
        text = question.text
        state = question.state
        votes = question.votes
        receivedAt = question.receivedAt
    }
}
