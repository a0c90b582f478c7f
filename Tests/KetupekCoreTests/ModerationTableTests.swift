import Foundation
import KetupekCore
import Testing

/// The moderation state machine as a table: every state × command × role.
@Suite("Moderation state machine")
struct ModerationTableTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Legal transitions, written out by hand (not derived from the implementation): command → state → result.
    static let legal: [String: [QuestionState: QuestionState]] = [
        "approve": [.pending: .approved, .held: .approved, .rejected: .approved],
        "reject": [.pending: .rejected, .held: .rejected, .approved: .rejected],
        "hold": [.pending: .held, .approved: .held],
        "restore": [.held: .pending, .rejected: .pending],
        "edit": [
            .pending: .pending, .held: .held, .approved: .approved, .onAir: .onAir, .deferred: .deferred,
            .answered: .answered,
        ],
        "redact": [
            .pending: .pending, .held: .held, .approved: .approved, .onAir: .onAir, .deferred: .deferred,
            .answered: .answered,
        ],
        "merge": [.pending: .merged, .held: .merged, .approved: .merged],
        // Undo goes back to the state before the last decision: in this table, always `held`.
        "undo": Dictionary(uniqueKeysWithValues: QuestionState.allCases.map { ($0, .held) }),
        "note": Dictionary(uniqueKeysWithValues: QuestionState.allCases.map { ($0, $0) }),
        "tag": Dictionary(uniqueKeysWithValues: QuestionState.allCases.map { ($0, $0) }),
        "star": Dictionary(uniqueKeysWithValues: QuestionState.allCases.map { ($0, $0) }),
        "classify": Dictionary(uniqueKeysWithValues: QuestionState.allCases.map { ($0, $0) }),
    ]

    static let commands: [ModerationCommand] = [
        .approve, .reject(reason: .spam, note: "promo link"), .hold(note: nil), .restore, .edit(text: "Edited text"),
        .redact(spans: [TextSpan(start: 0, length: 9)]), .merge(into: QuestionID(8)), .undo,
        .note(text: "call back after the show"), .tag(add: ["KTP"], remove: []), .star(true), .classify(.report),
    ]

    /// What the store would look up for each command: the kept question of a merge (approved, in the same
    /// session), and for undo a decision whose "before" snapshot was held.
    static func context(for command: ModerationCommand, on question: Question) -> DecisionContext {
        switch command {
        case .merge:
            var kept = question
            kept.id = QuestionID(8)
            kept.state = .approved
            kept.votes = 4
            return DecisionContext(mergeTarget: kept)
        case .undo:
            var before = question
            before.state = .held
            before.version = question.version - 1
            let decision = DomainEvent(
                kind: .questionApproved, sessionID: question.sessionID, actor: moderator, at: now,
                question: question)
            return DecisionContext(
                lastDecision: LoggedEvent(sequence: EventSequence(40), event: decision),
                beforeLastDecision: before)
        default:
            return DecisionContext()
        }
    }

    static let roles: [Role?] = [.admin, .moderator, .stakeholder, .integration, nil]

    static func question(in state: QuestionState, version: Int = 3) -> Question {
        Question(
            id: QuestionID(7), sessionID: SessionID(1), source: "form", externalID: "f-7", author: "Siti",
            contact: "0812", originalText: "Bagaimana cara mengurus KTP?", receivedAt: now, state: state,
            version: version
        )
    }

    @Test("every state × command × role", arguments: QuestionState.allCases)
    func table(state: QuestionState) throws {
        for command in Self.commands {
            for role in Self.roles {
                let actor = Actor(role: role, userID: nil, name: "tester")
                let question = Self.question(in: state)
                let result = Result { () throws(ModerationError) -> DomainEvent in
                    try Moderation.decide(
                        command, on: question, expectedVersion: 3, by: actor, at: Self.now,
                        context: Self.context(for: command, on: question))
                }
                let expected = Self.legal[command.name]?[state]
                switch (role, expected, result) {
                case (.admin?, let target?, .success(let event)), (.moderator?, let target?, .success(let event)):
                    #expect(
                        event.question?.state == target, "\(command.name) from \(state) as \(String(describing: role))")
                    #expect(event.question?.version == 4)
                    #expect(event.detail?.previousState == state)
                    #expect(event.actor == actor)
                case (.admin?, nil, .failure(let error)), (.moderator?, nil, .failure(let error)):
                    #expect(error == .illegalTransition(command: command.name, from: state))
                case (_, _, .failure(let error)) where role != .admin && role != .moderator:
                    #expect(error == .forbidden(command: command.name, role: role))
                default:
                    Issue.record("\(command.name) from \(state) as \(String(describing: role)): unexpected \(result)")
                }
            }
        }
    }

    @Test("a stale version is refused with the current question, whatever the state")
    func staleVersion() {
        for state in QuestionState.allCases {
            let current = Self.question(in: state, version: 5)
            #expect(throws: ModerationError.staleVersion(expected: 4, current: current)) {
                try Moderation.decide(.approve, on: current, expectedVersion: 4, by: Self.moderator, at: Self.now)
            }
        }
    }

    static let moderator = Actor(role: .moderator, userID: UserID(2), name: "Rina")

    @Test("edit keeps the original text and records the previous public text")
    func editKeepsOriginal() throws {
        let first = try Moderation.decide(
            .edit(text: "  Bagaimana cara mengurus KTP-el?  "), on: Self.question(in: .pending), expectedVersion: 3,
            by: Self.moderator, at: Self.now
        )
        let edited = try #require(first.question)
        #expect(edited.text == "Bagaimana cara mengurus KTP-el?")
        #expect(edited.originalText == "Bagaimana cara mengurus KTP?")
        #expect(first.detail?.previousText == "Bagaimana cara mengurus KTP?")
        let second = try Moderation.decide(
            .edit(text: "Cara mengurus KTP-el"), on: edited, expectedVersion: 4,
            by: Self.moderator, at: Self.now)
        #expect(second.question?.originalText == "Bagaimana cara mengurus KTP?")
        #expect(second.detail?.previousText == "Bagaimana cara mengurus KTP-el?")
    }

    @Test("an empty or oversized edit is invalid and decides nothing")
    func invalidEdit() {
        #expect(throws: ModerationError.invalid(.empty(field: "text"))) {
            try Moderation.decide(
                .edit(text: " \n "), on: Self.question(in: .pending), expectedVersion: 3,
                by: Self.moderator, at: Self.now)
        }
        #expect(throws: ModerationError.invalid(.tooLong(field: "text", length: 2_001, max: 2_000))) {
            try Moderation.decide(
                .edit(text: String(repeating: "a", count: 2_001)), on: Self.question(in: .pending),
                expectedVersion: 3, by: Self.moderator, at: Self.now)
        }
    }

    @Test("reject records its reason; approve and restore clear it")
    func rejectReason() throws {
        let rejected = try Moderation.decide(
            .reject(reason: .offTopic, note: nil), on: Self.question(in: .pending),
            expectedVersion: 3, by: Self.moderator, at: Self.now)
        #expect(rejected.question?.rejectReason == .offTopic)
        #expect(rejected.detail?.rejectReason == .offTopic)
        let restored = try Moderation.decide(
            .restore, on: try #require(rejected.question), expectedVersion: 4,
            by: Self.moderator, at: Self.now)
        #expect(restored.question?.rejectReason == nil)
        #expect(restored.question?.state == .pending)
    }

    @Test("only the states a question may be shown in are public")
    func publicStates() {
        let visible = QuestionState.allCases.filter(\.isPublic)
        #expect(Set(visible) == [.approved, .onAir, .deferred, .answered])
        #expect(PublicQuestion(Self.question(in: .pending)) == nil)
        #expect(PublicQuestion(Self.question(in: .approved))?.text == "Bagaimana cara mengurus KTP?")
    }
}
