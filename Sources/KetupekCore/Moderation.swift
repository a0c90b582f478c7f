import Foundation

/// A stretch of a text, in UTF-16 code units (what a browser's `selectionStart`/`selectionEnd` count).
public struct TextSpan: Sendable, Codable, Equatable, Hashable {
    public var start: Int
    public var length: Int

    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }
}

/// A moderator's decision about one question.
public enum ModerationCommand: Sendable, Equatable {
    case approve
    case reject(reason: RejectReason, note: String?)
    case hold(note: String?)
    case restore
    case edit(text: String)
    /// Marks spans of the public text as removed (a phone number, a name); the original stays for staff.
    case redact(spans: [TextSpan])
    /// Folds this question into `into` (the kept one): it becomes `merged`, its votes move over.
    case merge(into: QuestionID)
    /// Takes back the last decision on the question, as a new event.
    case undo
    /// Adds a private moderator note.
    case note(text: String)
    case tag(add: [String], remove: [String])
    case star(Bool)
    case classify(Classification?)

    /// The command's name in the API and in error messages.
    public var name: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .hold: "hold"
        case .restore: "restore"
        case .edit: "edit"
        case .redact: "redact"
        case .merge: "merge"
        case .undo: "undo"
        case .note: "note"
        case .tag: "tag"
        case .star: "star"
        case .classify: "classify"
        }
    }

    /// Every command name, for the API's documentation and validation.
    public static let names = [
        "approve", "reject", "hold", "restore", "edit", "redact", "merge", "undo", "note", "tag", "star", "classify",
    ]
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
    /// `undo` on a question with no decision left to take back.
    case nothingToUndo(QuestionID)
    /// `merge` into a question that cannot keep it (itself, another session, a closed state), with why.
    case mergeTarget(QuestionID, reason: String)
}

/// What a command needs besides the question itself; the store looks it up.
public struct DecisionContext: Sendable, Equatable {
    /// `merge`: the question to keep.
    public var mergeTarget: Question?
    /// `undo`: the decision to take back (the last one not yet undone) …
    public var lastDecision: LoggedEvent?
    /// … the question as it was just before it …
    public var beforeLastDecision: Question?
    /// … and, when it was a merge, the kept question as it is now.
    public var keptQuestion: Question?

    public init(
        mergeTarget: Question? = nil, lastDecision: LoggedEvent? = nil, beforeLastDecision: Question? = nil,
        keptQuestion: Question? = nil
    ) {
        self.mergeTarget = mergeTarget
        self.lastDecision = lastDecision
        self.beforeLastDecision = beforeLastDecision
        self.keptQuestion = keptQuestion
    }

    /// Finds the decision `undo` takes back in a question's history (oldest first): the last undoable
    /// decision that no later undo took back, and the snapshot just before it.
    public static func forUndo(history: [LoggedEvent]) -> DecisionContext {
        let undone = Set(
            history.compactMap { $0.event.kind == .questionUndone ? $0.event.detail?.undoneSequence : nil })
        guard
            let index = history.lastIndex(where: { $0.event.kind.isUndoableDecision && !undone.contains($0.sequence) })
        else { return DecisionContext() }
        let before = history[..<index].last(where: { $0.event.question != nil })?.event.question
        return DecisionContext(lastDecision: history[index], beforeLastDecision: before)
    }
}

/// The moderation state machine: a pure function from (question, command, actor) to events or an error.
public enum Moderation {
    /// Roles that may moderate.
    public static let moderatorRoles: Set<Role> = [.admin, .moderator]

    /// States a question may be merged into.
    public static let mergeTargetStates: Set<QuestionState> = [
        .pending, .held, .approved, .onAir, .deferred, .answered,
    ]

    /// Text that replaces each redacted span in the public text.
    public static let redactionMark = "[…]"

    /// The states from which `command` is legal.
    public static func sources(of command: ModerationCommand) -> Set<QuestionState> {
        switch command {
        case .approve: [.pending, .held, .rejected]
        case .reject: [.pending, .held, .approved]
        case .hold: [.pending, .approved]
        case .restore: [.held, .rejected]
        case .edit, .redact: [.pending, .held, .approved, .onAir, .deferred, .answered]
        case .merge: [.pending, .held, .approved]
        case .undo, .note, .tag, .star, .classify: Set(QuestionState.allCases)
        }
    }

    /// Decides `command` on `question` for `actor`: the event about `question` itself.
    ///
    /// - Parameter expectedVersion: the version the actor saw; a different current version refuses the
    ///   command with `.staleVersion`, so two moderators never silently overwrite each other.
    /// - Returns: the event to append; its snapshot is the question after the command, version bumped.
    public static func decide(
        _ command: ModerationCommand, on question: Question, expectedVersion: Int, by actor: Actor, at now: Date,
        context: DecisionContext = DecisionContext()
    ) throws(ModerationError) -> DomainEvent {
        try decideAll(command, on: question, expectedVersion: expectedVersion, by: actor, at: now, context: context)[0]
    }

    /// Decides `command`: the event about `question` first, then any event about another question (the kept
    /// question of a merge, or of an undone merge). Append them all in one transaction.
    public static func decideAll(
        _ command: ModerationCommand, on question: Question, expectedVersion: Int, by actor: Actor, at now: Date,
        context: DecisionContext = DecisionContext()
    ) throws(ModerationError) -> [DomainEvent] {
        guard let role = actor.role, moderatorRoles.contains(role) else {
            throw .forbidden(command: command.name, role: actor.role)
        }
        var (after, detail) = try nextVersion(
            of: question, expectedVersion: expectedVersion, legalFrom: sources(of: command), command: command.name,
            at: now)
        var others: [DomainEvent] = []
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
        case .redact(let spans):
            kind = .questionRedacted
            after.text = try redact(question.text, spans: spans)
            detail.previousText = question.text
            detail.spans = spans.sorted { $0.start < $1.start }
        case .merge(let keptID):
            kind = .questionMerged
            guard keptID != question.id else {
                throw .mergeTarget(keptID, reason: "a question cannot be merged into itself")
            }
            guard let kept = context.mergeTarget, kept.id == keptID, kept.sessionID == question.sessionID else {
                throw .mergeTarget(keptID, reason: "no such question in this session")
            }
            guard mergeTargetStates.contains(kept.state) else {
                throw .mergeTarget(keptID, reason: "the kept question is \(kept.state.rawValue)")
            }
            // The duplicate's asker counts as one more vote for the kept question, besides the votes it had.
            let moved = question.votes + 1
            after.state = .merged
            after.mergedInto = keptID
            detail.relatedQuestion = keptID
            detail.votesMoved = moved
            var keptAfter = kept
            keptAfter.version += 1
            keptAfter.updatedAt = now
            keptAfter.votes += moved
            others.append(
                DomainEvent(
                    kind: .questionDuplicateAdded, sessionID: kept.sessionID, actor: actor, at: now,
                    question: keptAfter,
                    detail: EventDetail(previousState: kept.state, relatedQuestion: question.id, votesMoved: moved)
                ))
        case .undo:
            kind = .questionUndone
            guard let last = context.lastDecision, let before = context.beforeLastDecision else {
                throw .nothingToUndo(question.id)
            }
            after.state = before.state
            after.text = before.text
            after.rejectReason = before.rejectReason
            after.heldReason = before.heldReason
            after.tags = before.tags
            after.starred = before.starred
            after.classification = before.classification
            after.mergedInto = before.mergedInto
            after.notes = before.notes
            detail.undoneSequence = last.sequence
            detail.undoneKind = last.event.kind
            if question.text != before.text { detail.previousText = question.text }
            if last.event.kind == .questionMerged, let kept = context.keptQuestion,
                kept.id == last.event.detail?.relatedQuestion
            {
                let moved = last.event.detail?.votesMoved ?? 0
                var keptAfter = kept
                keptAfter.version += 1
                keptAfter.updatedAt = now
                keptAfter.votes = max(0, kept.votes - moved)
                detail.relatedQuestion = kept.id
                others.append(
                    DomainEvent(
                        kind: .questionDuplicateRemoved, sessionID: kept.sessionID, actor: actor, at: now,
                        question: keptAfter,
                        detail: EventDetail(previousState: kept.state, relatedQuestion: question.id, votesMoved: moved)
                    ))
            }
        case .note(let text):
            kind = .questionNoted
            let cleaned: String
            do { cleaned = try TextRules.clean(text, field: "note", max: 1_000) } catch { throw .invalid(error) }
            guard question.notes.count < 100 else {
                throw .invalid(.outOfRange(field: "notes", value: question.notes.count + 1, range: 0...100))
            }
            after.notes.append(ModeratorNote(author: actor.name, at: now, text: cleaned))
            detail.note = cleaned
        case .tag(let add, let remove):
            kind = .questionTagged
            let adding = try cleanTags(add)
            let removing = Set(try cleanTags(remove))
            var tags = question.tags.filter { !removing.contains($0) }
            for tag in adding where !tags.contains(tag) { tags.append(tag) }
            guard tags.count <= 20 else { throw .invalid(.outOfRange(field: "tags", value: tags.count, range: 0...20)) }
            after.tags = tags
        case .star(let starred):
            kind = .questionStarred
            after.starred = starred
        case .classify(let classification):
            kind = .questionClassified
            after.classification = classification
        }
        let event = DomainEvent(
            kind: kind, sessionID: question.sessionID, actor: actor, at: now, question: after, detail: detail
        )
        return [event] + others
    }

    /// The checks every command on a question passes after its role (the version the actor saw is current, the
    /// state allows the command), and the question's next version with the event detail to fill in.
    static func nextVersion(
        of question: Question, expectedVersion: Int, legalFrom states: Set<QuestionState>, command: String, at now: Date
    ) throws(ModerationError) -> (Question, EventDetail) {
        guard expectedVersion == question.version else {
            throw .staleVersion(expected: expectedVersion, current: question)
        }
        guard states.contains(question.state) else { throw .illegalTransition(command: command, from: question.state) }
        var after = question
        after.version += 1
        after.updatedAt = now
        return (after, EventDetail(previousState: question.state))
    }

    /// `text` with each span replaced by `redactionMark`; spans must be inside the text, non-empty, apart,
    /// and not split a character.
    public static func redact(_ text: String, spans: [TextSpan]) throws(ModerationError) -> String {
        guard (1...50).contains(spans.count) else {
            throw .invalid(.outOfRange(field: "spans", value: spans.count, range: 1...50))
        }
        let units = Array(text.utf16)
        let sorted = spans.sorted { $0.start < $1.start }
        var result: [UInt16] = []
        var position = 0
        func isBoundary(_ offset: Int) -> Bool {
            offset == 0 || offset == units.count || !UTF16.isTrailSurrogate(units[offset])
        }
        for span in sorted {
            let end = span.start + span.length
            guard span.length > 0, span.start >= position, end <= units.count, isBoundary(span.start), isBoundary(end)
            else {
                throw .invalid(
                    .invalidFormat(
                        field: "spans",
                        expected: "non-empty, non-overlapping stretches inside the text (UTF-16 offsets)"))
            }
            result += units[position..<span.start]
            result += Array(redactionMark.utf16)
            position = end
        }
        result += units[position...]
        return String(decoding: result, as: UTF16.self)
    }

    private static func cleanTags(_ tags: [String]) throws(ModerationError) -> [String] {
        guard tags.count <= 20 else { throw .invalid(.outOfRange(field: "tags", value: tags.count, range: 0...20)) }
        var cleaned: [String] = []
        for tag in tags {
            let value: String
            do { value = try TextRules.clean(tag, field: "tag", max: 40) } catch { throw .invalid(error) }
            let lower = value.lowercased()
            if !cleaned.contains(lower) { cleaned.append(lower) }
        }
        return cleaned
    }

    private static func cleanNote(_ note: String?) throws(ModerationError) -> String? {
        guard let note else { return nil }
        do {
            let cleaned = try TextRules.clean(note, field: "note", max: 500, required: false)
            return cleaned.isEmpty ? nil : cleaned
        } catch { throw .invalid(error) }
    }
}
