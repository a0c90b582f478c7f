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

    /// Whether events of this kind concern one question (and carry its snapshot).
    public var isQuestionEvent: Bool { rawValue.hasPrefix("question.") }
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

    public init(
        rejectReason: RejectReason? = nil, note: String? = nil, previousText: String? = nil,
        previousState: QuestionState? = nil, fromSessionState: SessionState? = nil,
        toSessionState: SessionState? = nil
    ) {
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
