import Foundation
import KetupekCore

/// What the archive publishes of one session: its answered questions and promised answers, in broadcast order,
/// with nothing only staff may see.
public struct Transcript: Sendable, Equatable {
    /// One published question.
    public struct Entry: Sendable, Equatable {
        /// The question's id, as in its permalink and its `q-{id}` anchor.
        public var id: QuestionID
        /// The question as moderated (edited or redacted), never the original.
        public var text: String
        /// The asker's display name; `nil` when anonymous.
        public var asker: String?
        /// When it was asked: when the platform says it was posted, else when it arrived.
        public var askedAt: Date
        /// Who answered it or is to answer it.
        public var stakeholder: Stakeholder?
        /// The answer of an answered question (`nil` for a deferred one). Its `recordedBy` is never published.
        public var answer: Answer?
        /// When a deferred question's answer is due (`nil` for an answered one).
        public var dueDate: Date?
        /// Votes the question received from the audience.
        public var votes: Int
        /// Seconds into the broadcast where the answer starts, when known.
        public var offset: Double?
        /// The recording at the answer, when the session has a video and the offset is known.
        public var watchURL: String?

        /// An entry with every field given (`Transcript.make` builds them from questions).
        public init(
            id: QuestionID, text: String, asker: String?, askedAt: Date, stakeholder: Stakeholder?, answer: Answer?,
            dueDate: Date?, votes: Int, offset: Double?, watchURL: String?
        ) {
            self.id = id
            self.text = text
            self.asker = asker
            self.askedAt = askedAt
            self.stakeholder = stakeholder
            self.answer = answer
            self.dueDate = dueDate
            self.votes = votes
            self.offset = offset
            self.watchURL = watchURL
        }

        /// Whether the answer is still to come.
        public var isDeferred: Bool { answer == nil }
    }

    /// The session as it was published.
    public var session: Session
    /// When it was (last) published.
    public var publishedAt: Date
    /// The stakeholders who appear in the entries, in the order of the `stakeholders` given to `make`.
    public var panel: [Stakeholder]
    /// Answered questions in broadcast order, then deferred ones by due date.
    public var entries: [Entry]

    /// A transcript with every field given.
    public init(session: Session, publishedAt: Date, panel: [Stakeholder], entries: [Entry]) {
        self.session = session
        self.publishedAt = publishedAt
        self.panel = panel
        self.entries = entries
    }

    /// The transcript of `session`: only questions in state `answered` (with an answer) or `deferred` (with a
    /// deferral); every other state stays out.
    ///
    /// - Parameters:
    ///   - questions: the session's questions, in any order and any state.
    ///   - stakeholders: every known stakeholder, in panel order; an entry's stakeholder is the answer's, else the
    ///     deferral's, else the question's assignee.
    ///
    /// Answered questions are ordered by where the answer is in the video (its offset, else the seconds from the
    /// broadcast start to the answer), ties and unknown offsets by answer time; deferred questions follow by due
    /// date.
    public static func make(
        session: Session, questions: [Question], stakeholders: [Stakeholder], publishedAt: Date
    ) -> Transcript {
        let byID = Dictionary(stakeholders.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var answered: [Entry] = []
        var deferred: [Entry] = []
        for question in questions {
            let answer = question.state == .answered ? question.answer : nil
            let deferral = question.state == .deferred ? question.deferral : nil
            guard answer != nil || deferral != nil else { continue }
            let stakeholderID = answer?.stakeholderID ?? deferral?.stakeholderID ?? question.stakeholderID
            var offset: Double?
            if let answer {
                offset = answer.videoOffset
                if offset == nil, let start = session.broadcastStart {
                    let seconds = answer.answeredAt.timeIntervalSince(start)
                    if seconds >= 0 { offset = seconds }
                }
            }
            let author = question.author.trimmingCharacters(in: .whitespacesAndNewlines)
            let entry = Entry(
                id: question.id, text: question.text, asker: author.isEmpty ? nil : author,
                askedAt: question.postedAt ?? question.receivedAt, stakeholder: stakeholderID.flatMap { byID[$0] },
                answer: answer, dueDate: deferral?.dueDate, votes: question.votes, offset: offset,
                watchURL: VideoLink.watchURL(videoURL: session.videoURL, offset: offset)
            )
            if answer != nil { answered.append(entry) } else { deferred.append(entry) }
        }
        answered.sort { a, b in
            switch (a.offset, b.offset) {
            case (let x?, let y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: break
            }
            let (x, y) = (a.answer?.answeredAt ?? a.askedAt, b.answer?.answeredAt ?? b.askedAt)
            return x != y ? x < y : a.id < b.id
        }
        deferred.sort { a, b in
            let (x, y) = (a.dueDate ?? a.askedAt, b.dueDate ?? b.askedAt)
            return x != y ? x < y : a.id < b.id
        }
        let entries = answered + deferred
        let appearing = Set(entries.compactMap { $0.stakeholder?.id })
        var seen = Set<StakeholderID>()
        let panel = stakeholders.filter { appearing.contains($0.id) && seen.insert($0.id).inserted }
        return Transcript(session: session, publishedAt: publishedAt, panel: panel, entries: entries)
    }

    /// The session as the index and the feeds list it.
    public var summary: PublishedSession {
        PublishedSession(
            slug: session.slug, title: session.title, description: session.description, language: session.language,
            broadcastStart: session.broadcastStart, publishedAt: publishedAt,
            answered: entries.count { !$0.isDeferred }, pending: entries.count { $0.isDeferred }
        )
    }

    /// Text in the entries that looks like personal data (phone numbers, e-mail addresses, NIK), field by field:
    /// the question's text, the asker's name and the answer's summary. A moderator redacts before publishing.
    public func personalDataFindings() -> [PersonalDataFinding] {
        var findings: [PersonalDataFinding] = []
        for entry in entries {
            let fields: [(String, String?)] = [
                ("text", entry.text), ("asker", entry.asker), ("answer", entry.answer?.summary),
            ]
            for (field, value) in fields {
                guard let value else { continue }
                let matches = PersonalData.find(in: value)
                if !matches.isEmpty {
                    findings.append(PersonalDataFinding(questionID: entry.id, field: field, matches: matches))
                }
            }
        }
        return findings
    }
}
