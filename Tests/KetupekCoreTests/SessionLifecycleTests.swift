import Foundation
import KetupekCore
import Testing

@Suite("Session lifecycle")
struct SessionLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let admin = Actor(role: .admin, userID: UserID(1), name: "admin")

    static func session(_ state: SessionState) -> Session {
        Session(id: SessionID(1), slug: "ketupek-mei", title: "Ketupek Mei", state: state, createdAt: now)
    }

    /// Written out by hand: from → allowed targets.
    static let allowed: [SessionState: Set<SessionState>] = [
        .draft: [.live, .ended], .live: [.ended], .ended: [.live, .published], .published: [.ended],
    ]

    @Test("every state × target × role", arguments: SessionState.allCases)
    func table(from: SessionState) {
        for target in SessionState.allCases {
            for role in [Role.admin, .moderator, .stakeholder, .integration] {
                let actor = Actor(role: role, userID: nil, name: "x")
                let result = Result { () throws(SessionError) -> DomainEvent in
                    try SessionLifecycle.transition(Self.session(from), to: target, by: actor, at: Self.now)
                }
                let permitted = role == .admin || role == .moderator
                switch result {
                case .success(let event):
                    #expect(permitted && Self.allowed[from]!.contains(target))
                    #expect(event.session?.state == target)
                    #expect(event.detail?.fromSessionState == from)
                case .failure(.forbidden):
                    #expect(!permitted)
                case .failure(.illegalTransition(let f, let t)):
                    #expect(permitted && !Self.allowed[from]!.contains(target) && f == from && t == target)
                case .failure(let other):
                    Issue.record("unexpected \(other)")
                }
            }
        }
    }

    @Test("going live records the broadcast start once")
    func broadcastStart() throws {
        let live = try SessionLifecycle.transition(Self.session(.draft), to: .live, by: Self.admin, at: Self.now)
        #expect(live.session?.broadcastStart == Self.now)
        #expect(live.session?.videoOffset(at: Self.now.addingTimeInterval(90.5)) == 90.5)
        #expect(live.session?.videoOffset(at: Self.now.addingTimeInterval(-1)) == nil)
    }

    @Test("drafts are validated: slug form, reserved names, title length")
    func draftValidation() {
        #expect(
            throws: SessionError.invalid(
                .invalidFormat(field: "slug", expected: "2–64 lowercase letters, digits and single hyphens"))
        ) {
            try SessionLifecycle.create(
                SessionDraft(slug: "Bad Slug", title: "x"), id: SessionID(1), by: Self.admin, at: Self.now)
        }
        #expect(throws: SessionError.invalid(.invalidFormat(field: "slug", expected: "a name other than page, search")))
        {
            try SessionLifecycle.create(
                SessionDraft(slug: "search", title: "x"), id: SessionID(1), by: Self.admin, at: Self.now)
        }
        #expect(throws: SessionError.invalid(.empty(field: "title"))) {
            try SessionLifecycle.create(
                SessionDraft(slug: "ok", title: "  "), id: SessionID(1), by: Self.admin, at: Self.now)
        }
        #expect(throws: SessionError.forbidden(role: .moderator)) {
            try SessionLifecycle.create(
                SessionDraft(slug: "ok", title: "t"), id: SessionID(1),
                by: Actor(role: .moderator, userID: nil, name: "m"), at: Self.now)
        }
    }
}
