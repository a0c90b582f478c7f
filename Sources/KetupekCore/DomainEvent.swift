import Foundation

/// The kind of a logged event; its raw value is the `type` column of the log and the SSE `event:` name.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    case sessionCreated = "session.created"
    case sessionUpdated = "session.updated"
    case sessionStateChanged = "session.state_changed"
    case questionReceived = "question.received"
    case questionApproved = "question.approved"
    case questionRejected = "question.rejected"
    case questionHeld = "question.held"
    case questionRestored = "question.restored"
    case questionEdited = "question.edited"
    case questionRedacted = "question.redacted"
    /// A duplicate was folded into another question (the event of the duplicate).
    case questionMerged = "question.merged"
    /// A duplicate was folded into this question and its votes added (the event of the kept question).
    case questionDuplicateAdded = "question.duplicate_added"
    /// Undoing a merge took a duplicate's votes back out of this question.
    case questionDuplicateRemoved = "question.duplicate_removed"
    /// The last decision on the question was undone; the snapshot is the question as it was before it.
    case questionUndone = "question.undone"
    case questionNoted = "question.noted"
    case questionTagged = "question.tagged"
    case questionStarred = "question.starred"
    case questionClassified = "question.classified"
    case questionAssigned = "question.assigned"
    case questionOnAir = "question.on_air"
    case questionOffAir = "question.off_air"
    case questionAnswered = "question.answered"
    case questionAnswerEdited = "question.answer_edited"
    case questionDeferred = "question.deferred"
    /// A member of the public voted for the question.
    case questionVoted = "question.voted"

    /// Whether events of this kind concern one question (and carry its snapshot).
    public var isQuestionEvent: Bool { rawValue.hasPrefix("question.") }

    /// A moderator's decision on one question, which `undo` can take back.
    public var isUndoableDecision: Bool {
        switch self {
        case .questionApproved, .questionRejected, .questionHeld, .questionRestored, .questionEdited, .questionRedacted,
            .questionMerged, .questionNoted, .questionTagged, .questionStarred, .questionClassified:
            true
        case .sessionCreated, .sessionUpdated, .sessionStateChanged, .questionReceived, .questionDuplicateAdded,
            .questionDuplicateRemoved, .questionUndone, .questionAssigned, .questionOnAir, .questionOffAir,
            .questionAnswered, .questionAnswerEdited, .questionDeferred, .questionVoted:
            false
        }
    }

    /// Events that may move a question between states (so the public sees at least the id and the state).
    public var changesState: Bool {
        switch self {
        case .questionReceived, .questionApproved, .questionRejected, .questionHeld, .questionRestored,
            .questionMerged, .questionUndone:
            true
        default: false
        }
    }

    /// Events that change only what staff see.
    public var isStaffOnly: Bool {
        switch self {
        case .questionNoted, .questionTagged, .questionStarred, .questionClassified: true
        default: false
        }
    }
}

/// One fact appended to the log. Question events carry the question as it is after the event, so the
/// projection, the live streams and a replay all read the same snapshot; session events carry the session.
public struct DomainEvent: Sendable, Codable, Equatable {
    public var kind: EventKind
    public var sessionID: SessionID
    public var actor: Actor
    public var at: Date
    /// The session after the event (session events).
    public var session: Session?
    /// The question after the event (question events).
    public var question: Question?
    /// What the snapshot alone does not tell: a reason, a note, the text before an edit.
    public var detail: EventDetail?

    public init(
        kind: EventKind, sessionID: SessionID, actor: Actor, at: Date, session: Session? = nil,
        question: Question? = nil, detail: EventDetail? = nil
    ) {
        self.kind = kind
        self.sessionID = sessionID
        self.actor = actor
        self.at = at
        self.session = session
        self.question = question
        self.detail = detail
    }
}

/// Extra facts of an event; every field optional and omitted from JSON when absent.
public struct EventDetail: Sendable, Codable, Equatable {
    public var rejectReason: RejectReason?
    public var note: String?
    public var previousText: String?
    public var previousState: QuestionState?
    public var fromSessionState: SessionState?
    public var toSessionState: SessionState?
    /// The automatic rule that decided a question at ingest.
    public var rule: String?
    /// The spans a redaction removed, in the previous public text.
    public var spans: [TextSpan]?
    /// Merge: the kept question (on the duplicate's event) or the duplicate (on the kept question's event).
    public var relatedQuestion: QuestionID?
    /// Merge: the votes moved into the kept question.
    public var votesMoved: Int?
    /// Undo: the event taken back, and its kind.
    public var undoneSequence: EventSequence?
    public var undoneKind: EventKind?
    /// Seconds into the broadcast when a question went on air or was answered.
    public var videoOffset: Double? = nil
    /// The answer's summary before an edit.
    public var previousAnswer: String? = nil

    public init(
        rejectReason: RejectReason? = nil, note: String? = nil, previousText: String? = nil,
        previousState: QuestionState? = nil, fromSessionState: SessionState? = nil,
        toSessionState: SessionState? = nil, rule: String? = nil, spans: [TextSpan]? = nil,
        relatedQuestion: QuestionID? = nil, votesMoved: Int? = nil, undoneSequence: EventSequence? = nil,
        undoneKind: EventKind? = nil
    ) {
        self.rule = rule
        self.spans = spans
        self.relatedQuestion = relatedQuestion
        self.votesMoved = votesMoved
        self.undoneSequence = undoneSequence
        self.undoneKind = undoneKind
        self.rejectReason = rejectReason
        self.note = note
        self.previousText = previousText
        self.previousState = previousState
        self.fromSessionState = fromSessionState
        self.toSessionState = toSessionState
    }
}

/// An event as stored: the domain event with its place in the log.
public struct LoggedEvent: Sendable, Equatable {
    public var sequence: EventSequence
    public var event: DomainEvent

    public init(sequence: EventSequence, event: DomainEvent) {
        self.sequence = sequence
        self.event = event
    }
}
