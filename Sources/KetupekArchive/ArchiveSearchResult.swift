import Foundation
import KetupekCore

/// One question found by an archive search, with its snippets as the full-text index marked them.
public struct ArchiveSearchResult: Sendable {
    /// The session it belongs to.
    public var slug: String
    /// The session's title, the result's heading.
    public var sessionTitle: String
    /// The question, for its permalink.
    public var questionID: QuestionID
    /// A piece of the question, the matches between U+0002 (start) and U+0003 (end) markers.
    public var questionSnippet: String
    /// A piece of the answer's summary, marked the same way; empty when there is none.
    public var answerSnippet: String
    /// The stakeholder who answered or is to answer, if any.
    public var stakeholderName: String?
    /// When it was answered, if it was.
    public var answeredAt: Date?

    /// A result.
    public init(
        slug: String, sessionTitle: String, questionID: QuestionID, questionSnippet: String, answerSnippet: String,
        stakeholderName: String?, answeredAt: Date?
    ) {
        self.slug = slug
        self.sessionTitle = sessionTitle
        self.questionID = questionID
        self.questionSnippet = questionSnippet
        self.answerSnippet = answerSnippet
        self.stakeholderName = stakeholderName
        self.answeredAt = answeredAt
    }
}
