import Foundation

/// A comment as a source hands it to ingest, before it has an id.
public struct IncomingComment: Sendable, Codable, Equatable {
    /// Source kind, e.g. `form`, `webhook`, `facebook`, `api`.
    public var source: String
    /// The platform's id; (session, source, external id) is unique, so ingest is idempotent.
    public var externalID: String
    public var author: String?
    public var contact: String?
    public var text: String
    public var postedAt: Date?

    public init(
        source: String, externalID: String, author: String? = nil, contact: String? = nil, text: String,
        postedAt: Date? = nil
    ) {
        self.source = source
        self.externalID = externalID
        self.author = author
        self.contact = contact
        self.text = text
        self.postedAt = postedAt
    }

    /// Limits on what one comment may carry.
    public enum Limits {
        public static let text = 2_000
        public static let author = 100
        public static let contact = 200
        public static let source = 32
        public static let externalID = 200
    }

    /// The comment with its texts cleaned, or the first rule it breaks.
    public func validated() throws(ValidationError) -> IncomingComment {
        var copy = self
        copy.source = try TextRules.token(source, field: "source", max: Limits.source)
        copy.externalID = try TextRules.token(externalID, field: "externalID", max: Limits.externalID)
        copy.text = try TextRules.clean(text, field: "text", max: Limits.text)
        copy.author = try author.map { (name: String) throws(ValidationError) in
            try TextRules.clean(name, field: "author", max: Limits.author, required: false)
        }
        copy.contact = try contact.map { (value: String) throws(ValidationError) in
            try TextRules.clean(value, field: "contact", max: Limits.contact, required: false)
        }
        if copy.contact?.isEmpty == true { copy.contact = nil }
        return copy
    }

    /// The new question this comment becomes in `session`, received at `now`.
    public func question(id: QuestionID, in session: Session, receivedAt now: Date) -> Question {
        Question(
            id: id, sessionID: session.id, source: source, externalID: externalID, author: author ?? "",
            contact: contact, originalText: text, receivedAt: now, postedAt: postedAt,
            videoOffset: session.videoOffset(at: postedAt ?? now),
            kind: QuestionDetector.isQuestion(text) ? .question : .comment
        )
    }
}
