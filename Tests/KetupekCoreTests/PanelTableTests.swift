import Foundation
import KetupekCore
import Testing

/// The panel state machine as a table: every state × command × role.
@Suite("Panel state machine")
struct PanelTableTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let bpjs = StakeholderID(1)
    static let session = Session(
        id: SessionID(1), slug: "s", title: "S", broadcastStart: now.addingTimeInterval(-600), state: .live,
        createdAt: now)
    static let context = PanelContext(session: session, stakeholders: [bpjs, StakeholderID(2)])

    /// Written out by hand: command → state → resulting state.
    static let legal: [String: [QuestionState: QuestionState]] = [
        "assign": [.approved: .approved, .onAir: .onAir, .deferred: .deferred],
        "on_air": [.approved: .onAir, .deferred: .onAir],
        "off_air": [.onAir: .approved],
        "answer": [.approved: .answered, .onAir: .answered, .deferred: .answered],
        "edit_answer": [.answered: .answered],
        "defer": [.approved: .deferred, .onAir: .deferred],
    ]
    static let commands: [PanelCommand] = [
        .assign(bpjs, priority: 2), .onAir, .offAir, .answer(summary: "Kartu dicetak dalam 7 hari."),
        .editAnswer(summary: "Kartu dicetak dalam 14 hari."),
        .deferAnswer(until: now.addingTimeInterval(86_400), note: nil),
    ]
    /// Who may: moderators everything; stakeholders answer, edit answers and defer their own questions.
    static let stakeholderCommands: Set<String> = ["answer", "edit_answer", "defer"]

    static func question(in state: QuestionState) -> Question {
        var question = Question(
            id: QuestionID(9), sessionID: SessionID(1), source: "form", externalID: "9", author: "Budi",
            originalText: "Kapan KTP-el saya jadi?", receivedAt: now, state: state, version: 2)
        question.stakeholderID = bpjs
        if state == .answered {
            question.answer = Answer(
                summary: "x", stakeholderID: bpjs, answeredAt: now, videoOffset: 1, recordedBy: "r")
        }
        return question
    }

    @Test("every state × command × role", arguments: QuestionState.allCases)
    func table(state: QuestionState) {
        let actors: [Actor] = [
            Actor(role: .admin, userID: nil, name: "a"), Actor(role: .moderator, userID: nil, name: "m"),
            Actor(role: .stakeholder, userID: nil, name: "own", stakeholderID: Self.bpjs),
            Actor(role: .stakeholder, userID: nil, name: "other", stakeholderID: StakeholderID(2)),
            Actor(role: .integration, userID: nil, name: "i"), Actor(role: nil, userID: nil, name: "public"),
        ]
        for command in Self.commands {
            for actor in actors {
                let result = Result { () throws(ModerationError) -> [DomainEvent] in
                    try Panel.decideAll(
                        command, on: Self.question(in: state), expectedVersion: 2, by: actor,
                        at: Self.now, context: Self.context)
                }
                let mayIssue =
                    actor.role == .admin || actor.role == .moderator
                    || (actor.name == "own" && Self.stakeholderCommands.contains(command.name))
                let target = Self.legal[command.name]?[state]
                switch result {
                case .success(let events):
                    #expect(mayIssue && target != nil, "\(command.name) from \(state) by \(actor.name)")
                    #expect(events[0].question?.state == target)
                    #expect(events[0].question?.version == 3)
                case .failure(.forbidden):
                    #expect(!mayIssue, "\(command.name) by \(actor.name)")
                case .failure(.illegalTransition(_, let from)):
                    #expect(mayIssue && target == nil && from == state)
                case .failure(let other):
                    Issue.record("\(command.name) from \(state) by \(actor.name): \(other)")
                }
            }
        }
    }

    static let moderator = Actor(role: .moderator, userID: nil, name: "m")

    @Test("one question on air per session: the previous one leaves the air in the same decision")
    func onAirReplaces() throws {
        var current = Self.question(in: .onAir)
        current.id = QuestionID(3)
        let context = PanelContext(session: Self.session, onAir: current, stakeholders: [Self.bpjs])
        let events = try Panel.decideAll(
            .onAir, on: Self.question(in: .approved), expectedVersion: 2, by: Self.moderator,
            at: Self.now, context: context)
        #expect(events.map(\.kind) == [.questionOnAir, .questionOffAir])
        #expect(events[1].question?.id == QuestionID(3) && events[1].question?.state == .approved)
        #expect(events[0].detail?.videoOffset == 600, "the video offset of going on air")
    }

    @Test("an answer records summary, stakeholder, time, video offset and who recorded it")
    func answer() throws {
        let events = try Panel.decideAll(
            .answer(summary: "  Kartu dicetak dalam 7 hari kerja. "), on: Self.question(in: .onAir), expectedVersion: 2,
            by: Self.moderator, at: Self.now, context: Self.context)
        let answer = try #require(events[0].question?.answer)
        #expect(
            answer
                == Answer(
                    summary: "Kartu dicetak dalam 7 hari kerja.", stakeholderID: Self.bpjs,
                    answeredAt: Self.now, videoOffset: 600, recordedBy: "m"))
        let edited = try Panel.decideAll(
            .editAnswer(summary: "Dalam 14 hari."), on: try #require(events[0].question),
            expectedVersion: 3, by: Self.moderator, at: Self.now, context: Self.context)
        #expect(edited[0].question?.answer?.summary == "Dalam 14 hari.")
        #expect(edited[0].detail?.previousAnswer == "Kartu dicetak dalam 7 hari kerja.")
    }

    @Test("bad input is refused: an unknown stakeholder, a due date in the past, an empty summary, a stale version")
    func invalid() {
        #expect(throws: ModerationError.self) {
            try Panel.decideAll(
                .assign(StakeholderID(99), priority: nil), on: Self.question(in: .approved),
                expectedVersion: 2, by: Self.moderator, at: Self.now, context: Self.context)
        }
        #expect(throws: ModerationError.self) {
            try Panel.decideAll(
                .deferAnswer(until: Self.now.addingTimeInterval(-1), note: nil),
                on: Self.question(in: .approved), expectedVersion: 2, by: Self.moderator, at: Self.now,
                context: Self.context)
        }
        #expect(throws: ModerationError.invalid(.empty(field: "summary"))) {
            try Panel.decideAll(
                .answer(summary: " "), on: Self.question(in: .onAir), expectedVersion: 2,
                by: Self.moderator, at: Self.now, context: Self.context)
        }
        #expect(throws: ModerationError.staleVersion(expected: 1, current: Self.question(in: .approved))) {
            try Panel.decideAll(
                .onAir, on: Self.question(in: .approved), expectedVersion: 1, by: Self.moderator,
                at: Self.now, context: Self.context)
        }
    }
}

@Suite("Question coding")
struct QuestionCodingTests {
    @Test("every field survives a round trip through the log's JSON")
    func roundTrip() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var question = Question(
            id: QuestionID(1), sessionID: SessionID(2), source: "wa", externalID: "x", author: "Siti", contact: "0812",
            originalText: "a?", text: "b?", receivedAt: now, postedAt: now, videoOffset: 3, kind: .question,
            state: .deferred, rejectReason: .spam, heldReason: "h", version: 7, votes: 4, updatedAt: now,
            tags: ["ktp"], starred: true, classification: .report, mergedInto: QuestionID(5), rule: "r",
            stakeholderID: StakeholderID(3), priority: 2,
            answer: Answer(
                summary: "s", stakeholderID: StakeholderID(3), answeredAt: now, videoOffset: 9, recordedBy: "m"),
            deferral: Deferral(dueDate: now, stakeholderID: StakeholderID(3), note: "n", deferredAt: now))
        question.notes = [ModeratorNote(author: "m", at: now, text: "note")]
        let decoded = try JSONCoding.decoder().decode(Question.self, from: try JSONCoding.encoder().encode(question))
        #expect(decoded == question)
    }
}

@Suite("Duplicate index under a flood")
struct DuplicateFloodTests {
    @Test("thousands of the same text: repeats are still suggested, at most the limit")
    func flood() {
        var index = DuplicateIndex()
        for id in 1...3_000 {
            index.add(QuestionID(Int64(id)), text: "Bagaimana prosedur klaim BPJS untuk rawat inap?")
        }
        let hints = index.suggestions(for: "Bagaimana prosedur klaim BPJS untuk rawat inap?", excluding: QuestionID(1))
        #expect(hints.count == DuplicateIndex.limit)
        #expect(hints.allSatisfy { $0.score == 1 && $0.questionID != QuestionID(1) })
        let other = index.suggestions(for: "Kapan jalan Sudirman diperbaiki?")
        #expect(other.isEmpty)
    }
}

@Suite("The panel's view")
struct PanelViewTests {
    @Test("a redaction does not reach stakeholders through the original text or the event detail")
    func redactedStaysRedacted() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var question = Question(
            id: QuestionID(1), sessionID: SessionID(1), source: "wa", externalID: "1",
            contact: "0812", originalText: "Hubungi 0812-3456-7890 ya", receivedAt: now,
            state: .approved)
        question.text = "Hubungi […] ya"
        let event = DomainEvent(
            kind: .questionRedacted, sessionID: SessionID(1), actor: .system, at: now,
            question: question, detail: EventDetail(previousText: "Hubungi 0812-3456-7890 ya"))
        let view = try #require(EventView.render(LoggedEvent(sequence: EventSequence(5), event: event), for: .panel))
        let json = String(decoding: view.json, as: UTF8.self)
        #expect(!json.contains("0812"), "\(json)")
        #expect(json.contains("Hubungi […] ya"))
    }
}
