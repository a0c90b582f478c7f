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

    /// The domain command, or a 422 naming what is missing.
    func domainCommand() throws -> ModerationCommand {
        switch command {
        case "approve": return .approve
        case "reject":
            guard let reason else {
                throw APIError.invalid(field: "reason", message: "reject needs a reason: "
                    + RejectReason.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .reject(reason: reason, note: note)
        case "hold": return .hold(note: note)
        case "restore": return .restore
        case "edit":
            guard let text else { throw APIError.invalid(field: "text", message: "edit needs the new text") }
            return .edit(text: text)
        default:
            throw APIError.invalid(field: "command", message: "unknown command \(command.prefix(40)); known: "
                + ModerationCommand.names.joined(separator: ", "))
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
