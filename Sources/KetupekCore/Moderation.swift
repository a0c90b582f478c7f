import Foundation

/// A moderator's decision about one question.
public enum ModerationCommand: Sendable, Equatable {
    case approve
    case reject(reason: RejectReason, note: String?)
    case hold(note: String?)
    case restore
    case edit(text: String)

    /// The command's name in the API and in error messages.
    public var name: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .hold: "hold"
        case .restore: "restore"
        case .edit: "edit"
        }
    }

    /// Every command name, for the API's documentation and validation.
    public static let names = ["approve", "reject", "hold", "restore", "edit"]
}

/// Why a command was refused. Closed, so the HTTP mapping can switch over it exhaustively.
public enum ModerationError: Error, Sendable, Equatable {
    /// The actor's role may not issue this command.
    case forbidden(command: String, role: Role?)
    /// The command does not apply to a question in this state.
    case illegalTransition(command: String, from: QuestionState)
    /// The command was decided on an older version of the question; `current` is what it is now.
    case staleVersion(expected: Int, current: Question)
    /// The command's own input is invalid (an empty edit, a note too long).
    case invalid(ValidationError)
}

/// The moderation state machine: a pure function from (question, command, actor) to an event or an error.
public enum Moderation {
    /// Roles that may moderate.
    public static let moderatorRoles: Set<Role> = [.admin, .moderator]

    /// The states from which `command` is legal.
    public static func sources(of command: ModerationCommand) -> Set<QuestionState> {
        switch command {
        case .approve: [.pending, .held, .rejected]
        case .reject: [.pending, .held, .approved]
        case .hold: [.pending, .approved]
        case .restore: [.held, .rejected]
        case .edit: [.pending, .held, .approved, .onAir, .deferred, .answered]
        }
    }

    /// Decides `command` on `question` for `actor`.
    ///
    /// - Parameter expectedVersion: the version the actor saw; a different current version refuses the
    ///   command with `.staleVersion`, so two moderators never silently overwrite each other.
    /// - Returns: the event to append; its snapshot is the question after the command, version bumped.
    public static func decide(
        _ command: ModerationCommand, on question: Question, expectedVersion: Int, by actor: Actor, at now: Date
    ) throws(ModerationError) -> DomainEvent {
        guard let role = actor.role, moderatorRoles.contains(role) else {
            throw .forbidden(command: command.name, role: actor.role)
        }
        guard expectedVersion == question.version else {
            throw .staleVersion(expected: expectedVersion, current: question)
        }
        guard sources(of: command).contains(question.state) else {
            throw .illegalTransition(command: command.name, from: question.state)
        }

        var after = question
        after.version += 1
        after.updatedAt = now
        var detail = EventDetail(previousState: question.state)
        let kind: EventKind
        switch command {
        case .approve:
            kind = .questionApproved
            after.state = .approved
            after.rejectReason = nil
            after.heldReason = nil
        case .reject(let reason, let note):
            kind = .questionRejected
            after.state = .rejected
            after.rejectReason = reason
            detail.rejectReason = reason
            detail.note = try cleanNote(note)
        case .hold(let note):
            kind = .questionHeld
            after.state = .held
            let note = try cleanNote(note)
            after.heldReason = note ?? "held by \(actor.name)"
            detail.note = note
        case .restore:
            kind = .questionRestored
            after.state = .pending
            after.rejectReason = nil
            after.heldReason = nil
        case .edit(let text):
            kind = .questionEdited
            let cleaned: String
            do { cleaned = try TextRules.clean(text, field: "text", max: IncomingComment.Limits.text) } catch {
                throw .invalid(error)
            }
            detail.previousText = question.text
            after.text = cleaned
        }
        return DomainEvent(
            kind: kind, sessionID: question.sessionID, actor: actor, at: now, question: after, detail: detail
        )
    }

    private static func cleanNote(_ note: String?) throws(ModerationError) -> String? {
        guard let note else { return nil }
        do {
            let cleaned = try TextRules.clean(note, field: "note", max: 500, required: false)
            return cleaned.isEmpty ? nil : cleaned
        } catch { throw .invalid(error) }
    }
}
