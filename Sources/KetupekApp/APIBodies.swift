import Foundation
import KetupekCore

/// `POST /api/v1/auth/login`
struct LoginBody: Decodable, Sendable {
    let username: String
    let password: String
}

/// `POST /api/v1/sessions/{slug}/state`
struct StateBody: Decodable, Sendable {
    let state: SessionState
    /// Publish although the check found texts that look like personal data (the moderator looked at them).
    let confirmPersonalData: Bool?
}

/// `PATCH /api/v1/sessions/{slug}`: the patch plus, optionally, the version it was decided on.
struct SessionPatchBody: Decodable, Sendable {
    let patch: SessionPatch
    let expectedVersion: Int?

    init(from decoder: any Decoder) throws {
        patch = try SessionPatch(from: decoder)
        expectedVersion = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Int.self, forKey: .expectedVersion)
    }
    private enum Keys: String, CodingKey { case expectedVersion }
}

/// `POST /api/v1/sessions/{slug}/comments`: one comment object, an array of them, or `{"comments": [...]}`.
struct IngestBody: Decodable, Sendable {
    static let maxBatch = 1_000
    let comments: [IncomingComment]

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var comments: [IncomingComment] = []
            while !array.isAtEnd { comments.append(try array.decode(IncomingComment.self)) }
            self.comments = comments
        } else if let keyed = try? decoder.container(keyedBy: Keys.self), keyed.contains(.comments) {
            comments = try keyed.decode([IncomingComment].self, forKey: .comments)
        } else {
            comments = [try IncomingComment(from: decoder)]
        }
    }
    private enum Keys: String, CodingKey { case comments }
}

/// One moderation command as sent over the API.
struct CommandBody: Decodable, Sendable {
    let command: String
    let expectedVersion: Int
    let reason: RejectReason?
    let note: String?
    let text: String?
    /// `redact`: the spans of the public text to remove (UTF-16 offsets).
    let spans: [TextSpan]?
    /// `merge`: the question to keep.
    let into: QuestionID?
    /// `tag`: tags to add and to remove.
    let add: [String]?
    let remove: [String]?
    /// `star`: on or off.
    let starred: Bool?
    /// `classify`: the classification, or null to clear it.
    let classification: Classification?
    /// `assign`: the stakeholder (null takes the question back) and, optionally, its priority in their queue.
    let stakeholderID: StakeholderID?
    let priority: Int?
    /// `answer`, `edit_answer`: the answer's summary.
    let summary: String?
    /// `defer`: when the answer is due.
    let dueDate: Date?

    /// The panel command, or `nil` when the command is a moderation one.
    func panelCommand() throws -> PanelCommand? {
        switch command {
        case "assign": return .assign(stakeholderID, priority: priority)
        case "on_air": return .onAir
        case "off_air": return .offAir
        case "answer", "edit_answer":
            guard let summary else { throw APIError.invalid(field: "summary", message: "\(command) needs the summary") }
            return command == "answer" ? .answer(summary: summary) : .editAnswer(summary: summary)
        case "defer":
            guard let dueDate else {
                throw APIError.invalid(field: "dueDate", message: "defer needs a due date (ISO 8601)")
            }
            return .deferAnswer(until: dueDate, note: note)
        default: return nil
        }
    }

    /// The domain command, or a 422 naming what is missing.
    func domainCommand() throws -> ModerationCommand {
        switch command {
        case "approve": return .approve
        case "reject":
            guard let reason else {
                throw APIError.invalid(
                    field: "reason",
                    message: "reject needs a reason: "
                        + RejectReason.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .reject(reason: reason, note: note)
        case "hold": return .hold(note: note)
        case "restore": return .restore
        case "edit":
            guard let text else { throw APIError.invalid(field: "text", message: "edit needs the new text") }
            return .edit(text: text)
        case "redact":
            guard let spans, !spans.isEmpty else {
                throw APIError.invalid(field: "spans", message: "redact needs spans: [{start, length}] in UTF-16 units")
            }
            return .redact(spans: spans)
        case "merge":
            guard let into else {
                throw APIError.invalid(field: "into", message: "merge needs the id of the kept question")
            }
            return .merge(into: into)
        case "undo": return .undo
        case "note":
            guard let text = text ?? note else { throw APIError.invalid(field: "text", message: "note needs its text") }
            return .note(text: text)
        case "tag":
            guard add != nil || remove != nil else {
                throw APIError.invalid(field: "add", message: "tag needs tags to add or remove")
            }
            return .tag(add: add ?? [], remove: remove ?? [])
        case "star": return .star(starred ?? true)
        case "classify": return .classify(classification)
        default:
            throw APIError.invalid(
                field: "command",
                message: "unknown command \(command.prefix(40)); known: "
                    + (ModerationCommand.names + PanelCommand.names).joined(separator: ", "))
        }
    }
}

/// `POST /api/v1/sessions/{slug}/commands`
struct BulkBody: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        let questionID: QuestionID
        let command: CommandBody

        init(from decoder: any Decoder) throws {
            questionID = try decoder.container(keyedBy: Keys.self).decode(QuestionID.self, forKey: .questionID)
            command = try CommandBody(from: decoder)
        }
        private enum Keys: String, CodingKey { case questionID }
    }
    let commands: [Item]
}

/// `PUT /api/v1/rules`, `PUT /api/v1/sessions/{slug}/rules`: the whole hold and block lists.
struct KeywordRulesBody: Decodable, Sendable {
    let hold: [String]
    let block: [String]

    /// The lists, cleaned (trimmed, no empty or repeated entries), or a 422 naming the bad entry.
    func rules() throws -> KeywordRules {
        func clean(_ words: [String], _ field: String) throws -> [String] {
            guard words.count <= 2_000 else {
                throw APIError.invalid(field: field, message: "\(words.count) entries; at most 2000")
            }
            var seen: [String] = []
            for (index, word) in words.enumerated() {
                let cleaned: String
                do throws(ValidationError) {
                    cleaned = try TextRules.clean(word, field: "\(field)[\(index)]", max: 100)
                } catch {
                    throw APIError.invalid(field: error.field, message: error.message)
                }
                guard !KeywordRules.words(cleaned).isEmpty else {
                    throw APIError.invalid(field: "\(field)[\(index)]", message: "has no letters or digits to match")
                }
                if !seen.contains(cleaned) { seen.append(cleaned) }
            }
            return seen
        }
        return KeywordRules(hold: try clean(hold, "hold"), block: try clean(block, "block"))
    }
}
