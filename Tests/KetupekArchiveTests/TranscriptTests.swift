import Foundation
import KetupekCore
import Testing

@testable import KetupekArchive

@Suite("Transcript")
struct TranscriptTests {
    @Test("only answered and deferred questions reach the archive")
    func onlyAnsweredAndDeferred() {
        var questions: [Question] = []
        for (index, state) in QuestionState.allCases.enumerated() {
            questions.append(
                Fixtures.question(
                    Int64(index + 1), text: "question in state \(state.rawValue)", state: state,
                    answer: Fixtures.answer(), deferral: Fixtures.deferral()))
        }
        let transcript = Fixtures.transcript(questions: questions)
        #expect(Set(transcript.entries.map(\.text)) == ["question in state answered", "question in state deferred"])
    }

    @Test("an answered question without an answer or a deferred one without a deferral stays out")
    func incomplete() {
        let questions = [
            Question(
                id: QuestionID(1), sessionID: SessionID(1), source: "form", externalID: "a", originalText: "x",
                receivedAt: Fixtures.broadcastStart, state: .answered),
            Fixtures.question(2, state: .deferred, deferral: nil),
        ]
        #expect(Fixtures.transcript(questions: questions).entries.isEmpty)
    }

    @Test("the moderated text is published, the original never; an empty author is anonymous")
    func redactedText() {
        let question = Fixtures.question(
            text: "Call me at ▇▇▇", originalText: "Call me at 0812 3456 7890", author: "  ",
            postedAt: Fixtures.broadcastStart.addingTimeInterval(-60))
        let entry = Fixtures.transcript(questions: [question]).entries[0]
        #expect(entry.text == "Call me at ▇▇▇")
        #expect(entry.asker == nil)
        #expect(entry.askedAt == Fixtures.broadcastStart.addingTimeInterval(-60))
    }

    @Test("the stakeholder is the answer's, else the deferral's, else the assignee")
    func stakeholderResolution() {
        let questions = [
            Fixtures.question(1, answer: Fixtures.answer(by: Fixtures.dukcapil.id), stakeholderID: Fixtures.bpjs.id),
            Fixtures.question(
                2, state: .deferred, deferral: Fixtures.deferral(by: Fixtures.bpjs.id),
                stakeholderID: Fixtures.dukcapil.id),
            Fixtures.question(3, answer: Fixtures.answer(by: nil, after: 700), stakeholderID: Fixtures.bpjs.id),
            Fixtures.question(4, answer: Fixtures.answer(by: StakeholderID(99), after: 800)),
        ]
        let entries = Fixtures.transcript(questions: questions).entries
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0.id.rawValue, $0.stakeholder?.id.rawValue) })
        #expect(byID[1] == 2)
        #expect(byID[2] == 1)
        #expect(byID[3] == 1)
        #expect(byID[4] == .some(nil))
    }

    @Test("broadcast order: by video offset or time since the start, ties by answer time, deferred last by due date")
    func order() {
        let questions = [
            Fixtures.question(1, answer: Fixtures.answer(after: 900)),
            Fixtures.question(2, answer: Fixtures.answer(after: 2_000, videoOffset: 300)),
            Fixtures.question(3, state: .deferred, deferral: Fixtures.deferral(days: 10)),
            Fixtures.question(4, state: .deferred, deferral: Fixtures.deferral(days: 3)),
            Fixtures.question(5, answer: Fixtures.answer(after: 100, videoOffset: 900)),
            Fixtures.question(6, answer: Fixtures.answer(after: 50)),
        ]
        let transcript = Fixtures.transcript(questions: questions)
        #expect(transcript.entries.map(\.id.rawValue) == [6, 2, 5, 1, 4, 3])
        #expect(transcript.entries[0].offset == 50)
        #expect(transcript.entries[0].watchURL == "https://www.youtube.com/watch?v=abcDEF12345&t=50s")
        #expect(transcript.entries[4].watchURL == nil)
        #expect(transcript.entries[4].dueDate == Fixtures.broadcastStart.addingTimeInterval(3 * 86_400))
    }

    @Test("without a broadcast start, answers are ordered by answer time and have no video link")
    func noBroadcastStart() {
        let questions = [
            Fixtures.question(1, answer: Fixtures.answer(after: 900)),
            Fixtures.question(2, answer: Fixtures.answer(after: 100)),
        ]
        let transcript = Fixtures.transcript(session: Fixtures.session(broadcastStart: nil), questions: questions)
        #expect(transcript.entries.map(\.id.rawValue) == [2, 1])
        #expect(transcript.entries.allSatisfy { $0.watchURL == nil && $0.offset == nil })
    }

    @Test("the panel lists the stakeholders who appear, in the order given")
    func panel() {
        let other = Fixtures.stakeholder(3, "Dinas Sosial")
        let questions = [
            Fixtures.question(1, answer: Fixtures.answer(by: Fixtures.dukcapil.id)),
            Fixtures.question(2, answer: Fixtures.answer(by: Fixtures.bpjs.id)),
        ]
        let transcript = Fixtures.transcript(
            questions: questions, stakeholders: [Fixtures.bpjs, other, Fixtures.dukcapil])
        #expect(transcript.panel.map(\.name) == ["BPJS Kesehatan", "Dukcapil"])
    }

    @Test("the summary counts answered and pending questions")
    func summary() {
        let questions = [
            Fixtures.question(1), Fixtures.question(2),
            Fixtures.question(3, state: .deferred, deferral: Fixtures.deferral()),
        ]
        let summary = Fixtures.transcript(questions: questions).summary
        #expect(summary.answered == 2)
        #expect(summary.pending == 1)
        #expect(summary.slug == "town-hall")
        #expect(summary.publishedAt == Fixtures.broadcastStart.addingTimeInterval(86_400))
    }

    @Test("personal data is found in a text, an asker and an answer")
    func personalData() {
        let questions = [
            Fixtures.question(1, text: "Please call 0812-3456-7890 back"),
            Fixtures.question(2, author: "budi@example.com"),
            Fixtures.question(3, answer: Fixtures.answer("Her NIK 3171014501900003 is registered")),
            Fixtures.question(4, text: "Nothing personal here"),
        ]
        let findings = Fixtures.transcript(questions: questions).personalDataFindings()
        #expect(findings.count == 3)
        #expect(
            findings.contains { $0.questionID.rawValue == 1 && $0.field == "text" && $0.matches.first?.kind == .phone })
        #expect(
            findings.contains { $0.questionID.rawValue == 2 && $0.field == "asker" && $0.matches.first?.kind == .email }
        )
        #expect(
            findings.contains { $0.questionID.rawValue == 3 && $0.field == "answer" && $0.matches.first?.kind == .nik })
    }
}
