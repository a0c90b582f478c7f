import Foundation
import KetupekCore

/// A transcript as JSON (`/archive/{slug}.json`): sorted keys, ISO 8601 dates with milliseconds, explicit
/// `null`s, permalinks absolute. Only what the pages show; nothing staff-only.
struct TranscriptJSON: Encodable {
    private struct SessionPart: Encodable {
        var slug, title, description, language: String
        var videoURL: String?
        var broadcastStart: Date?
        var publishedAt: Date

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(slug, forKey: "slug")
            try c.encode(title, forKey: "title")
            try c.encode(description, forKey: "description")
            try c.encode(language, forKey: "language")
            try c.encode(videoURL, forKey: "videoURL")
            try c.encode(broadcastStart, forKey: "broadcastStart")
            try c.encode(publishedAt, forKey: "publishedAt")
        }
    }

    private struct StakeholderPart: Encodable {
        var id: StakeholderID
        var name, shortName: String
    }

    private struct AnswerPart: Encodable {
        var summary: String
        var answeredAt: Date
        var videoOffset: Double?
        var watchURL: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(summary, forKey: "summary")
            try c.encode(answeredAt, forKey: "answeredAt")
            try c.encode(videoOffset, forKey: "videoOffset")
            try c.encode(watchURL, forKey: "watchURL")
        }
    }

    private struct QuestionPart: Encodable {
        var id: QuestionID
        var text: String
        var asker: String?
        var askedAt: Date
        var state: String
        var stakeholder: StakeholderPart?
        var answer: AnswerPart?
        var dueDate: Date?
        var votes: Int
        var permalink: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(id, forKey: "id")
            try c.encode(text, forKey: "text")
            try c.encode(asker, forKey: "asker")
            try c.encode(askedAt, forKey: "askedAt")
            try c.encode(state, forKey: "state")
            try c.encode(stakeholder, forKey: "stakeholder")
            try c.encode(answer, forKey: "answer")
            try c.encode(dueDate, forKey: "dueDate")
            try c.encode(votes, forKey: "votes")
            try c.encode(permalink, forKey: "permalink")
        }
    }

    private struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringLiteral value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private var session: SessionPart
    private var stakeholders: [StakeholderPart]
    private var questions: [QuestionPart]

    init(_ transcript: Transcript, context: ArchiveContext) {
        let s = transcript.session
        session = SessionPart(
            slug: s.slug, title: s.title, description: s.description, language: s.language.rawValue,
            videoURL: s.videoURL.flatMap { VideoLink.isWebURL($0) ? $0 : nil }, broadcastStart: s.broadcastStart,
            publishedAt: transcript.publishedAt)
        let part = { (stakeholder: Stakeholder) in
            StakeholderPart(id: stakeholder.id, name: stakeholder.name, shortName: stakeholder.shortName)
        }
        stakeholders = transcript.panel.map(part)
        questions = transcript.entries.map { entry in
            QuestionPart(
                id: entry.id, text: entry.text, asker: entry.asker, askedAt: entry.askedAt,
                state: entry.isDeferred ? QuestionState.deferred.rawValue : QuestionState.answered.rawValue,
                stakeholder: entry.stakeholder.map(part),
                answer: entry.answer.map {
                    AnswerPart(
                        summary: $0.summary, answeredAt: $0.answeredAt, videoOffset: entry.offset,
                        watchURL: entry.watchURL)
                },
                dueDate: entry.dueDate, votes: entry.votes,
                permalink: context.absolute(ArchivePaths.permalink(s.slug, entry.id, s.language)))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(session, forKey: "session")
        try c.encode(stakeholders, forKey: "stakeholders")
        try c.encode(questions, forKey: "questions")
    }

    /// The document's bytes, pretty-printed with sorted keys.
    func render() -> [UInt8] {
        let encoder = JSONCoding.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        // Only strings, numbers, dates and nested structs: encoding cannot fail.
        guard var data = try? encoder.encode(self) else { return Array("{}\n".utf8) }
        data.append(UInt8(ascii: "\n"))
        return Array(data)
    }
}
