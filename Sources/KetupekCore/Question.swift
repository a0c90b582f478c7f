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

/// How the office files a question for follow-up.
public enum Classification: String, Sendable, Codable, CaseIterable {
    /// A request for advice: answered, nothing to follow up formally.
    case consultation
    /// A formal complaint about a public service, followed up as a report.
    case report
    /// Information given or asked for, nothing to follow up.
    case information
}

/// A private note a moderator left on a question. Staff only: never on the panel, never public.
public struct ModeratorNote: Sendable, Codable, Equatable {
    public var author: String
    public var at: Date
    public var text: String

    public init(author: String, at: Date, text: String) {
        self.author = author
        self.at = at
        self.text = text
    }
}

/// An open question of the same session that reads like this one, with how alike they are (0…1).
public struct DuplicateHint: Sendable, Codable, Equatable {
    public var questionID: QuestionID
    public var score: Double

    public init(questionID: QuestionID, score: Double) {
        self.questionID = questionID
        self.score = score
    }
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
    /// Free labels a moderator gave it (lowercase, no duplicates, in the order given).
    public var tags: [String]
    public var starred: Bool
    public var classification: Classification?
    /// The question this one was merged into (state `merged`).
    public var mergedInto: QuestionID?
    /// Private moderator notes, oldest first. Staff only.
    public var notes: [ModeratorNote]
    /// Open questions it may repeat, found at ingest, most alike first.
    public var duplicates: [DuplicateHint]
    /// The automatic rule that held or rejected it at ingest (`keyword:hold:…`, `flood:rate`, …).
    public var rule: String?
    /// The stakeholder on the panel who is to answer it.
    public var stakeholderID: StakeholderID?
    /// Order within the stakeholder's queue: higher first, then more votes, then older.
    public var priority: Int?
    /// The answer, once recorded.
    public var answer: Answer?
    /// A promise to answer after the broadcast, while the answer is pending.
    public var deferral: Deferral?

    public init(
        id: QuestionID, sessionID: SessionID, source: String, externalID: String, author: String = "",
        contact: String? = nil, originalText: String, text: String? = nil, receivedAt: Date, postedAt: Date? = nil,
        videoOffset: Double? = nil, kind: QuestionKind = .question, state: QuestionState = .pending,
        rejectReason: RejectReason? = nil, heldReason: String? = nil, version: Int = 1, votes: Int = 0,
        updatedAt: Date? = nil, tags: [String] = [], starred: Bool = false, classification: Classification? = nil,
        mergedInto: QuestionID? = nil, notes: [ModeratorNote] = [], duplicates: [DuplicateHint] = [],
        rule: String? = nil, stakeholderID: StakeholderID? = nil, priority: Int? = nil, answer: Answer? = nil,
        deferral: Deferral? = nil
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
        self.tags = tags
        self.starred = starred
        self.classification = classification
        self.mergedInto = mergedInto
        self.notes = notes
        self.duplicates = duplicates
        self.rule = rule
        self.stakeholderID = stakeholderID
        self.priority = priority
        self.answer = answer
        self.deferral = deferral
    }

    /// The question without what only moderators may see (contact details, private notes): the panel's view.
    /// The panel sees the text as moderated: a redacted phone number or name must not reach it through the
    /// original.
    public var withoutPrivateDetails: Question {
        var copy = self
        copy.contact = nil
        copy.notes = []
        copy.originalText = text
        return copy
    }
}

extension Question {
    private enum CodingKeys: String, CodingKey {
        case id, sessionID, source, externalID, author, contact, originalText, text, receivedAt, postedAt,
            videoOffset, kind, state, rejectReason, heldReason, version, votes, updatedAt, tags, starred,
            classification, mergedInto, notes, duplicates, rule, stakeholderID, priority, answer, deferral
    }

    /// Encodes a question; empty tags, notes and duplicate hints and an unset star are left out (they decode
    /// as empty and false), which keeps the log and the streams small for the many untouched comments.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(source, forKey: .source)
        try c.encode(externalID, forKey: .externalID)
        try c.encode(author, forKey: .author)
        try c.encodeIfPresent(contact, forKey: .contact)
        try c.encode(originalText, forKey: .originalText)
        try c.encode(text, forKey: .text)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encodeIfPresent(postedAt, forKey: .postedAt)
        try c.encodeIfPresent(videoOffset, forKey: .videoOffset)
        try c.encode(kind, forKey: .kind)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(rejectReason, forKey: .rejectReason)
        try c.encodeIfPresent(heldReason, forKey: .heldReason)
        try c.encode(version, forKey: .version)
        try c.encode(votes, forKey: .votes)
        try c.encode(updatedAt, forKey: .updatedAt)
        if !tags.isEmpty { try c.encode(tags, forKey: .tags) }
        if starred { try c.encode(starred, forKey: .starred) }
        try c.encodeIfPresent(classification, forKey: .classification)
        try c.encodeIfPresent(mergedInto, forKey: .mergedInto)
        if !notes.isEmpty { try c.encode(notes, forKey: .notes) }
        if !duplicates.isEmpty { try c.encode(duplicates, forKey: .duplicates) }
        try c.encodeIfPresent(rule, forKey: .rule)
        try c.encodeIfPresent(stakeholderID, forKey: .stakeholderID)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(answer, forKey: .answer)
        try c.encodeIfPresent(deferral, forKey: .deferral)
    }

    /// Decodes a question; fields added after the first release default, so old log entries still read.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(QuestionID.self, forKey: .id), sessionID: try c.decode(SessionID.self, forKey: .sessionID),
            source: try c.decode(String.self, forKey: .source),
            externalID: try c.decode(String.self, forKey: .externalID),
            author: try c.decode(String.self, forKey: .author),
            contact: try c.decodeIfPresent(String.self, forKey: .contact),
            originalText: try c.decode(String.self, forKey: .originalText),
            text: try c.decode(String.self, forKey: .text),
            receivedAt: try c.decode(Date.self, forKey: .receivedAt),
            postedAt: try c.decodeIfPresent(Date.self, forKey: .postedAt),
            videoOffset: try c.decodeIfPresent(Double.self, forKey: .videoOffset),
            kind: try c.decode(QuestionKind.self, forKey: .kind),
            state: try c.decode(QuestionState.self, forKey: .state),
            rejectReason: try c.decodeIfPresent(RejectReason.self, forKey: .rejectReason),
            heldReason: try c.decodeIfPresent(String.self, forKey: .heldReason),
            version: try c.decode(Int.self, forKey: .version), votes: try c.decode(Int.self, forKey: .votes),
            updatedAt: try c.decode(Date.self, forKey: .updatedAt),
            tags: try c.decodeIfPresent([String].self, forKey: .tags) ?? [],
            starred: try c.decodeIfPresent(Bool.self, forKey: .starred) ?? false,
            classification: try c.decodeIfPresent(Classification.self, forKey: .classification),
            mergedInto: try c.decodeIfPresent(QuestionID.self, forKey: .mergedInto),
            notes: try c.decodeIfPresent([ModeratorNote].self, forKey: .notes) ?? [],
            duplicates: try c.decodeIfPresent([DuplicateHint].self, forKey: .duplicates) ?? [],
            rule: try c.decodeIfPresent(String.self, forKey: .rule),
            stakeholderID: try c.decodeIfPresent(StakeholderID.self, forKey: .stakeholderID),
            priority: try c.decodeIfPresent(Int.self, forKey: .priority),
            answer: try c.decodeIfPresent(Answer.self, forKey: .answer),
            deferral: try c.decodeIfPresent(Deferral.self, forKey: .deferral)
        )
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
    /// Who answers it, once assigned.
    public var stakeholderID: StakeholderID?
    /// The answer's summary, once answered.
    public var answerSummary: String?
    public var answeredAt: Date?
    /// When a deferred answer is due.
    public var dueDate: Date?

    /// The public view of a question, or `nil` when its state is not public.
    public init?(_ question: Question) {
        guard question.state.isPublic else { return nil }
        id = question.id
        author = question.author
        text = question.text
        state = question.state
        votes = question.votes
        receivedAt = question.receivedAt
        stakeholderID = question.stakeholderID
        answerSummary = question.answer?.summary
        answeredAt = question.answer?.answeredAt
        dueDate = question.state == .deferred ? question.deferral?.dueDate : nil
    }
}
