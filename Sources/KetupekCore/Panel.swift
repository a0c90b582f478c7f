import Foundation

/// What happens to a question on the panel: who answers it, when it is on air, its answer.
public enum PanelCommand: Sendable, Equatable {
    /// Routes an approved question to a stakeholder (or takes it back with `nil`), optionally with a priority.
    case assign(StakeholderID?, priority: Int?)
    /// Puts the question on air; the question on air before it leaves the air.
    case onAir
    /// Takes the question off the air without an answer (back to approved).
    case offAir
    /// Records the answer's summary; the question leaves the air.
    case answer(summary: String)
    /// Corrects a recorded answer (also after publishing; the archive re-renders).
    case editAnswer(summary: String)
    /// Promises an answer after the broadcast, by a due date.
    case deferAnswer(until: Date, note: String?)

    public var name: String {
        switch self {
        case .assign: "assign"
        case .onAir: "on_air"
        case .offAir: "off_air"
        case .answer: "answer"
        case .editAnswer: "edit_answer"
        case .deferAnswer: "defer"
        }
    }

    public static let names = ["assign", "on_air", "off_air", "answer", "edit_answer", "defer"]
}

/// What a panel command needs besides the question; the store looks it up in the same transaction.
public struct PanelContext: Sendable, Equatable {
    /// The question's session (its broadcast start turns times into video offsets).
    public var session: Session
    /// The session's question on air now, if any.
    public var onAir: Question?
    /// Stakeholders a question may be assigned to.
    public var stakeholders: Set<StakeholderID>

    public init(session: Session, onAir: Question? = nil, stakeholders: Set<StakeholderID> = []) {
        self.session = session
        self.onAir = onAir
        self.stakeholders = stakeholders
    }
}

/// The panel state machine: pure decisions, like `Moderation`, with the same errors.
public enum Panel {
    /// Roles that may issue `command`. Stakeholders may answer and defer only questions assigned to them.
    public static func roles(for command: PanelCommand) -> Set<Role> {
        switch command {
        case .assign, .onAir, .offAir: [.admin, .moderator]
        case .answer, .editAnswer, .deferAnswer: [.admin, .moderator, .stakeholder]
        }
    }

    /// The states from which `command` is legal.
    public static func sources(of command: PanelCommand) -> Set<QuestionState> {
        switch command {
        case .assign: [.approved, .onAir, .deferred]
        case .onAir: [.approved, .deferred]
        case .offAir: [.onAir]
        case .answer: [.approved, .onAir, .deferred]
        case .editAnswer: [.answered]
        case .deferAnswer: [.approved, .onAir]
        }
    }

    /// Decides `command`: the event about `question` first, then the event about the question that leaves
    /// the air when another goes on. Append them all in one transaction.
    public static func decideAll(
        _ command: PanelCommand, on question: Question, expectedVersion: Int, by actor: Actor, at now: Date,
        context: PanelContext
    ) throws(ModerationError) -> [DomainEvent] {
        guard let role = actor.role, roles(for: command).contains(role) else {
            throw .forbidden(command: command.name, role: actor.role)
        }
        if role == .stakeholder, actor.stakeholderID == nil || question.stakeholderID != actor.stakeholderID {
            throw .forbidden(command: command.name, role: role)
        }
        var (after, detail) = try Moderation.nextVersion(
            of: question, expectedVersion: expectedVersion, legalFrom: sources(of: command), command: command.name,
            at: now)
        var others: [DomainEvent] = []
        let offset = context.session.videoOffset(at: now)
        let kind: EventKind
        switch command {
        case .assign(let stakeholder, let priority):
            kind = .questionAssigned
            if let stakeholder, !context.stakeholders.contains(stakeholder) {
                throw .invalid(
                    .invalidFormat(field: "stakeholderID", expected: "a stakeholder on this session's panel"))
            }
            if let priority, !(-100...100).contains(priority) {
                throw .invalid(.outOfRange(field: "priority", value: priority, range: -100...100))
            }
            after.stakeholderID = stakeholder
            after.priority = priority ?? question.priority
        case .onAir:
            kind = .questionOnAir
            after.state = .onAir
            detail.videoOffset = offset
            if let current = context.onAir, current.id != question.id {
                var leaving = current
                leaving.state = .approved
                leaving.version += 1
                leaving.updatedAt = now
                others.append(
                    DomainEvent(
                        kind: .questionOffAir, sessionID: current.sessionID, actor: actor, at: now, question: leaving,
                        detail: EventDetail(previousState: current.state, relatedQuestion: question.id)
                    ))
            }
        case .offAir:
            kind = .questionOffAir
            after.state = .approved
        case .answer(let summary):
            kind = .questionAnswered
            after.state = .answered
            after.answer = Answer(
                summary: try clean(summary), stakeholderID: question.stakeholderID ?? actor.stakeholderID,
                answeredAt: now, videoOffset: offset, recordedBy: actor.name)
            after.deferral = nil
            detail.videoOffset = offset
        case .editAnswer(let summary):
            kind = .questionAnswerEdited
            detail.previousAnswer = question.answer?.summary
            after.answer?.summary = try clean(summary)
        case .deferAnswer(let due, let note):
            kind = .questionDeferred
            guard due > now else {
                throw .invalid(.invalidFormat(field: "dueDate", expected: "a date after now"))
            }
            let cleanedNote: String?
            do { cleanedNote = try TextRules.clean(note ?? "", field: "note", max: 500, required: false) } catch {
                throw .invalid(error)
            }
            after.state = .deferred
            after.deferral = Deferral(
                dueDate: due, stakeholderID: question.stakeholderID ?? actor.stakeholderID,
                note: cleanedNote?.isEmpty == false ? cleanedNote : nil, deferredAt: now)
        }
        let event = DomainEvent(
            kind: kind, sessionID: question.sessionID, actor: actor, at: now, question: after, detail: detail)
        return [event] + others
    }

    private static func clean(_ summary: String) throws(ModerationError) -> String {
        do { return try TextRules.clean(summary, field: "summary", max: 4_000) } catch { throw .invalid(error) }
    }
}
