import Foundation
import KetupekArchive
import KetupekCore

/// Builders for the archive tests: every field has a default, tests name only what they are about.
enum Fixtures {
    /// 3 December 2026, 07:00:00 UTC = 14:00 WIB.
    static let broadcastStart = Date(timeIntervalSince1970: 1_796_281_200)

    /// The shipped catalogues' files, read from the app's resources in this package.
    static func catalogueData(_ language: Language) throws -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try Data(contentsOf: root.appending(path: "Sources/KetupekApp/Resources/i18n/\(language.rawValue).json"))
    }

    /// The shipped catalogues.
    static func catalogue() throws -> MessageCatalogue {
        var json: [Language: Data] = [:]
        for language in Language.allCases { json[language] = try catalogueData(language) }
        return try MessageCatalogue(json: json)
    }

    /// The archive at a public address, with the shipped texts.
    static var context: ArchiveContext {
        get throws { ArchiveContext(baseURL: "https://ketupek.example.org", catalogue: try catalogue()) }
    }

    static func session(
        slug: String = "town-hall", title: String = "Town hall on health insurance",
        description: String = "Citizens ask BPJS and Dukcapil.", language: Language = .id,
        videoURL: String? = "https://www.youtube.com/watch?v=abcDEF12345", broadcastStart: Date? = broadcastStart
    ) -> Session {
        Session(
            id: SessionID(1), slug: slug, title: title, description: description, language: language,
            videoURL: videoURL, broadcastStart: broadcastStart, state: .published, acceptingQuestions: false,
            createdAt: broadcastStart ?? Fixtures.broadcastStart)
    }

    static func stakeholder(_ id: Int64, _ name: String, short: String? = nil) -> Stakeholder {
        Stakeholder(id: StakeholderID(id), name: name, shortName: short ?? name, createdAt: broadcastStart)
    }

    static let bpjs = stakeholder(1, "BPJS Kesehatan", short: "BPJS")
    static let dukcapil = stakeholder(2, "Dukcapil")

    static func answer(
        _ summary: String = "The card is free.", by stakeholder: StakeholderID? = bpjs.id, after seconds: Double = 600,
        videoOffset: Double? = nil, recordedBy: String = "moderator-anna"
    ) -> Answer {
        Answer(
            summary: summary, stakeholderID: stakeholder, answeredAt: broadcastStart.addingTimeInterval(seconds),
            videoOffset: videoOffset, recordedBy: recordedBy)
    }

    static func question(
        _ id: Int64 = 1, text: String = "How do I renew my card?", originalText: String? = nil, author: String = "Budi",
        state: QuestionState = .answered, answer: Answer? = nil, deferral: Deferral? = nil,
        stakeholderID: StakeholderID? = nil, receivedAt: Date? = nil, postedAt: Date? = nil, votes: Int = 0,
        contact: String? = nil, notes: [ModeratorNote] = [], rule: String? = nil, tags: [String] = [],
        rejectReason: RejectReason? = nil, heldReason: String? = nil
    ) -> Question {
        Question(
            id: QuestionID(id), sessionID: SessionID(1), source: "form", externalID: "ext-\(id)", author: author,
            contact: contact, originalText: originalText ?? text, text: text,
            receivedAt: receivedAt ?? broadcastStart.addingTimeInterval(Double(id) * 10), postedAt: postedAt,
            state: state, rejectReason: rejectReason, heldReason: heldReason, votes: votes, tags: tags, notes: notes,
            rule: rule, stakeholderID: stakeholderID,
            answer: state == .answered && answer == nil ? Fixtures.answer() : answer, deferral: deferral)
    }

    static func deferral(days: Double = 7, by stakeholder: StakeholderID? = dukcapil.id, note: String? = nil)
        -> Deferral
    {
        Deferral(
            dueDate: broadcastStart.addingTimeInterval(days * 86_400), stakeholderID: stakeholder, note: note,
            deferredAt: broadcastStart.addingTimeInterval(1_200))
    }

    static func transcript(
        session: Session = Fixtures.session(), questions: [Question] = [Fixtures.question()],
        stakeholders: [Stakeholder] = [bpjs, dukcapil]
    ) -> Transcript {
        Transcript.make(
            session: session, questions: questions, stakeholders: stakeholders,
            publishedAt: broadcastStart.addingTimeInterval(86_400))
    }

    static func published(
        _ slug: String = "town-hall", title: String = "Town hall", description: String = "About health.",
        daysAfter: Double = 1
    ) -> PublishedSession {
        PublishedSession(
            slug: slug, title: title, description: description, language: .id, broadcastStart: broadcastStart,
            publishedAt: broadcastStart.addingTimeInterval(daysAfter * 86_400), answered: 3, pending: 1)
    }
}

extension ArchiveDocument {
    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
    var isHTML: Bool { contentType.hasPrefix("text/html") }
}

/// The body as text.
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// How often `needle` occurs in `haystack`.
func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
