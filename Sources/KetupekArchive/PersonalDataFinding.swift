import KetupekCore

/// Text in a transcript that looks like personal data, for a moderator to check before publishing.
public struct PersonalDataFinding: Sendable, Equatable, Codable {
    /// The question whose text, asker or answer holds it.
    public var questionID: QuestionID
    /// Where: `text` (the question), `asker` (the display name) or `answer` (the answer's summary).
    public var field: String
    /// What was found, with UTF-16 positions within that field.
    public var matches: [PersonalData.Match]

    /// A finding in one field of one question.
    public init(questionID: QuestionID, field: String, matches: [PersonalData.Match]) {
        self.questionID = questionID
        self.field = field
        self.matches = matches
    }
}
