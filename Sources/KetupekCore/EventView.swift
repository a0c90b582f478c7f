import Foundation

/// Who is watching a stream: each audience sees its own view of the same events.
public enum Audience: String, Sendable, CaseIterable {
    /// Admins and moderators: everything, contact details included.
    case staff
    /// Stakeholders on the panel: questions without contact details.
    case panel
    /// Anyone: public questions only, without contact, original text or moderation detail.
    case everyone

    /// The audience for a role; no role (no credential) is the public.
    public init(role: Role?) {
        switch role {
        case .admin?, .moderator?: self = .staff
        case .stakeholder?: self = .panel
        case .integration?, nil: self = .everyone
        }
    }
}

/// What one audience may see of an event: an SSE event name and a JSON body, or nothing.
public enum EventView {
    /// The event as `audience` sees it, or `nil` when it shows them nothing.
    public static func render(_ logged: LoggedEvent, for audience: Audience) -> (name: String, json: [UInt8])? {
        let event = logged.event
        let encoder = JSONCoding.encoder()
        switch audience {
        case .staff:
            guard let json = try? encoder.encode(StaffEvent(sequence: logged.sequence, event: event)) else {
                return nil
            }
            return (event.kind.rawValue, Array(json))
        case .panel:
            var redacted = event
            redacted.question = event.question?.withoutPrivateDetails
            // Moderators' notes (on a note, a hold, a rejection) are theirs alone, and so is the text before an
            // edit or redaction.
            redacted.detail?.note = nil
            redacted.detail?.previousText = nil
            guard let json = try? encoder.encode(StaffEvent(sequence: logged.sequence, event: redacted)) else {
                return nil
            }
            return (event.kind.rawValue, Array(json))
        case .everyone:
            return publicView(logged).flatMap { view in
                (try? encoder.encode(view)).map { (view.kind, Array($0)) }
            }
        }
    }

    private struct StaffEvent: Encodable {
        let sequence: EventSequence
        let event: DomainEvent
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(event.kind, forKey: .kind)
            try container.encode(event.at, forKey: .at)
            try container.encode(event.actor.name, forKey: .actor)
            try container.encodeIfPresent(event.session, forKey: .session)
            try container.encodeIfPresent(event.question, forKey: .question)
            try container.encodeIfPresent(event.detail, forKey: .detail)
        }
        enum CodingKeys: String, CodingKey { case sequence, kind, at, actor, session, question, detail }
    }

    /// The public view: a public question in full (public fields only); a question outside the public states
    /// only as its id and states (no `question`), so counts can move without any text leaking; sessions as
    /// they are.
    struct PublicEvent: Encodable {
        let sequence: EventSequence
        let kind: String
        let session: Session?
        let question: PublicQuestion?
        let questionID: QuestionID?
        let state: QuestionState?
        let previousState: QuestionState?
    }

    static func publicView(_ logged: LoggedEvent) -> PublicEvent? {
        let event = logged.event
        if let session = event.session {
            return PublicEvent(
                sequence: logged.sequence, kind: event.kind.rawValue, session: session, question: nil, questionID: nil,
                state: nil, previousState: nil
            )
        }
        guard let question = event.question else { return nil }
        // A change of a question the public cannot see, other than a change of state, says nothing to them;
        // nor does a change that touches only what staff see (notes, tags, star, classification).
        if !event.kind.changesState, !question.state.isPublic { return nil }
        if event.kind.isStaffOnly { return nil }
        let previous = event.kind == .questionReceived ? nil : event.detail?.previousState
        if let visible = PublicQuestion(question) {
            return PublicEvent(
                sequence: logged.sequence, kind: event.kind.rawValue, session: nil, question: visible,
                questionID: question.id, state: question.state, previousState: previous
            )
        }
        return PublicEvent(
            sequence: logged.sequence, kind: event.kind.rawValue, session: nil, question: nil, questionID: question.id,
            state: question.state, previousState: previous
        )
    }
}
