import Foundation

/// Why a session command was refused.
public enum SessionError: Error, Sendable, Equatable {
    case forbidden(role: Role?)
    case illegalTransition(from: SessionState, to: SessionState)
    case staleVersion(expected: Int, current: Session)
    case invalid(ValidationError)
}

/// Session commands as pure decisions: create, patch, change state.
public enum SessionLifecycle {
    /// Roles that may move a session between states.
    public static let stateRoles: Set<Role> = [.admin, .moderator]

    /// The event that creates `draft` as session `id`.
    public static func create(
        _ draft: SessionDraft, id: SessionID, by actor: Actor, at now: Date
    ) throws(SessionError) -> DomainEvent {
        guard actor.role == .admin else { throw .forbidden(role: actor.role) }
        let valid: SessionDraft
        do { valid = try draft.validated() } catch { throw .invalid(error) }
        let session = Session(
            id: id, slug: valid.slug, title: valid.title, description: valid.description ?? "",
            language: valid.language ?? .id, videoURL: valid.videoURL, broadcastStart: valid.broadcastStart,
            createdAt: now
        )
        return DomainEvent(kind: .sessionCreated, sessionID: id, actor: actor, at: now, session: session)
    }

    /// The event that applies `patch`; `expectedVersion`, when given, must match.
    public static func update(
        _ session: Session, with patch: SessionPatch, expectedVersion: Int?, by actor: Actor, at now: Date
    ) throws(SessionError) -> DomainEvent {
        guard actor.role == .admin else { throw .forbidden(role: actor.role) }
        if let expectedVersion, expectedVersion != session.version {
            throw .staleVersion(expected: expectedVersion, current: session)
        }
        let updated: Session
        do { updated = try patch.applied(to: session) } catch { throw .invalid(error) }
        return DomainEvent(kind: .sessionUpdated, sessionID: session.id, actor: actor, at: now, session: updated)
    }

    /// The event that moves `session` to `target`. Going live for the first time records the broadcast
    /// start if none was set.
    public static func transition(
        _ session: Session, to target: SessionState, by actor: Actor, at now: Date
    ) throws(SessionError) -> DomainEvent {
        guard let role = actor.role, stateRoles.contains(role) else { throw .forbidden(role: actor.role) }
        guard session.state.successors.contains(target) else {
            throw .illegalTransition(from: session.state, to: target)
        }
        var updated = session
        updated.state = target
        updated.version += 1
        if target == .live, updated.broadcastStart == nil { updated.broadcastStart = now }
        return DomainEvent(
            kind: .sessionStateChanged, sessionID: session.id, actor: actor, at: now, session: updated,
            detail: EventDetail(fromSessionState: session.state, toSessionState: target)
        )
    }
}
