import Foundation
import KetupekCore
import Testing

@testable import KetupekArchive

@Suite("What the archive never publishes")
struct PrivacyTests {
    /// Every staff-only field of a published question filled with a marker no document may contain.
    static let markers = [
        "CONTACT-MARKER", "NOTE-MARKER", "ORIGINAL-MARKER", "RULE-MARKER", "TAG-MARKER", "HELD-MARKER",
        "DEFERRAL-NOTE-MARKER", "RECORDED-BY-MARKER", "NOTE-AUTHOR-MARKER", "EXTERNAL-MARKER",
    ]

    static func secretive(_ id: Int64, state: QuestionState) -> Question {
        var question = Fixtures.question(
            id, text: "Public text \(id)", originalText: "ORIGINAL-MARKER 0812 3456 7890", state: state,
            answer: state == .answered ? Fixtures.answer(recordedBy: "RECORDED-BY-MARKER") : nil,
            deferral: Fixtures.deferral(note: "DEFERRAL-NOTE-MARKER"), contact: "CONTACT-MARKER",
            notes: [ModeratorNote(author: "NOTE-AUTHOR-MARKER", at: Fixtures.broadcastStart, text: "NOTE-MARKER")],
            rule: "RULE-MARKER", tags: ["TAG-MARKER"], rejectReason: .offTopic, heldReason: "HELD-MARKER")
        question.externalID = "EXTERNAL-MARKER"
        question.classification = .report
        return question
    }

    @Test("no document contains contact details, notes, the original text, rules, tags or reasons")
    func noPrivateFields() throws {
        let context = try Fixtures.context
        let transcript = Fixtures.transcript(questions: [
            Self.secretive(1, state: .answered), Self.secretive(2, state: .deferred),
        ])
        #expect(transcript.entries.count == 2)
        var documents = ArchiveSite.sessionDocuments(transcript, context: context)
        documents += ArchiveSite.sharedDocuments(
            [transcript.summary], context: context, updatedAt: Fixtures.broadcastStart)
        for document in documents {
            for marker in Self.markers {
                #expect(!document.text.contains(marker), "\(document.path) contains \(marker)")
            }
            #expect(!document.text.contains("0812 3456 7890"), "\(document.path)")
            #expect(!document.text.contains("off_topic"), "\(document.path)")
            #expect(!document.text.contains("report"), "\(document.path)")
        }
        let page = try #require(documents.first { $0.path == "/en/archive/town-hall" }).text
        #expect(page.contains("Public text 1"))
        #expect(page.contains("Public text 2"))
    }

    @Test("questions in every other state appear in no document")
    func otherStatesAbsent() throws {
        let context = try Fixtures.context
        let states = QuestionState.allCases.filter { $0 != .answered && $0 != .deferred }
        var questions = [Fixtures.question(100, text: "VISIBLE-ANSWERED")]
        for (index, state) in states.enumerated() {
            var question = Fixtures.question(
                Int64(index + 1), text: "HIDDEN-\(state.rawValue)", author: "AUTHOR-\(state.rawValue)", state: state,
                answer: Fixtures.answer("ANSWER-\(state.rawValue)"), deferral: Fixtures.deferral())
            question.answer = Fixtures.answer("ANSWER-\(state.rawValue)")
            questions.append(question)
        }
        let transcript = Fixtures.transcript(questions: questions)
        let documents = ArchiveSite.sessionDocuments(transcript, context: context)
        #expect(documents.contains { $0.text.contains("VISIBLE-ANSWERED") })
        for document in documents {
            for state in states {
                #expect(!document.text.contains("HIDDEN-\(state.rawValue)"), "\(document.path): \(state)")
                #expect(!document.text.contains("AUTHOR-\(state.rawValue)"), "\(document.path): \(state)")
                #expect(!document.text.contains("ANSWER-\(state.rawValue)"), "\(document.path): \(state)")
            }
        }
        #expect(!documents.contains { $0.path.hasSuffix("/q/1") })
    }

    @Test("a redacted question shows the redacted text in every document, the original in none")
    func redaction() throws {
        let context = try Fixtures.context
        let transcript = Fixtures.transcript(questions: [
            Fixtures.question(
                1, text: "My number is ▇▇▇, please call", originalText: "My number is 0812-9999-1234, please call")
        ])
        for document in ArchiveSite.sessionDocuments(transcript, context: context) {
            #expect(!document.text.contains("0812-9999-1234"), "\(document.path)")
            if document.path.contains("/q/") || document.path.hasSuffix("town-hall") || document.path.hasSuffix(".json")
                || document.path.hasSuffix(".csv") || document.path.hasSuffix(".md")
            {
                #expect(document.text.contains("My number is ▇▇▇, please call"), "\(document.path)")
            }
        }
    }
}
