import Foundation
import KetupekCore

/// How a `Question` maps to a row of the `questions` table, in one place for reads and writes.
enum QuestionRow {
    static let names = [
        "id", "session_id", "source", "external_id", "author", "contact", "original_text", "text", "received_at",
        "posted_at", "video_offset", "kind", "state", "reject_reason", "held_reason", "version", "votes",
        "updated_at", "tags", "starred", "classification", "merged_into", "notes", "duplicates", "rule",
        "stakeholder_id", "priority", "answer", "deferral",
    ]
    static let columns = names.joined(separator: ", ")
    static let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
    static let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")

    static func values(_ question: Question) -> [SQLiteValue] {
        [
            .integer(question.id.rawValue), .integer(question.sessionID.rawValue), .text(question.source),
            .text(question.externalID), .text(question.author), .optional(question.contact),
            .text(question.originalText), .text(question.text), .date(question.receivedAt), .date(question.postedAt),
            .optional(question.videoOffset), .text(question.kind.rawValue), .text(question.state.rawValue),
            .optional(question.rejectReason?.rawValue), .optional(question.heldReason),
            .integer(Int64(question.version)), .integer(Int64(question.votes)), .date(question.updatedAt),
            .text(json(question.tags)), .bool(question.starred), .optional(question.classification?.rawValue),
            .optional(question.mergedInto?.rawValue), .text(json(question.notes)), .text(json(question.duplicates)),
            .optional(question.rule),
            .optional(question.stakeholderID?.rawValue), .optional(question.priority.map(Int64.init)),
            .optional(question.answer.flatMap(object)), .optional(question.deferral.flatMap(object)),
        ]
    }

    private static func json<T: Encodable>(_ value: [T]) -> String {
        if value.isEmpty { return "[]" }
        return (try? JSONCoding.encoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    private static func object<T: Encodable>(_ value: T) -> String? {
        (try? JSONCoding.encoder().encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func object<T: Decodable>(_ text: String?, of type: T.Type) -> T? {
        text.flatMap { try? JSONCoding.decoder().decode(T.self, from: Data($0.utf8)) }
    }

    private static func list<T: Decodable>(_ text: String, of type: T.Type) -> [T] {
        if text == "[]" { return [] }
        return (try? JSONCoding.decoder().decode([T].self, from: Data(text.utf8))) ?? []
    }

    /// Reads a question from a row selected with `columns`.
    static func read(_ row: SQLiteStatement) -> Question {
        Question(
            id: QuestionID(row.int64(0)), sessionID: SessionID(row.int64(1)), source: row.text(2),
            externalID: row.text(3), author: row.text(4), contact: row.optionalText(5), originalText: row.text(6),
            text: row.text(7), receivedAt: row.date(8), postedAt: row.optionalDate(9),
            videoOffset: row.optionalDouble(10),
            kind: QuestionKind(rawValue: row.text(11)) ?? .comment,
            state: QuestionState(rawValue: row.text(12)) ?? .pending,
            rejectReason: row.optionalText(13).flatMap(RejectReason.init(rawValue:)), heldReason: row.optionalText(14),
            version: row.int(15), votes: row.int(16), updatedAt: row.date(17),
            tags: list(row.text(18), of: String.self), starred: row.int(19) != 0,
            classification: row.optionalText(20).flatMap(Classification.init(rawValue:)),
            mergedInto: row.isNull(21) ? nil : QuestionID(row.int64(21)),
            notes: list(row.text(22), of: ModeratorNote.self), duplicates: list(row.text(23), of: DuplicateHint.self),
            rule: row.optionalText(24),
            stakeholderID: row.isNull(25) ? nil : StakeholderID(row.int64(25)),
            priority: row.isNull(26) ? nil : row.int(26),
            answer: object(row.optionalText(27), of: Answer.self),
            deferral: object(row.optionalText(28), of: Deferral.self)
        )
    }
}
