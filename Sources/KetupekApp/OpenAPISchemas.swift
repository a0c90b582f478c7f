import KetupekCore

/// JSON Schemas of the API's bodies, as `OpenAPIDocument` embeds them.
enum OpenAPISchemas {
    private static var string: [String: Any] { ["type": "string"] }
    private static var integer: [String: Any] { ["type": "integer"] }
    private static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    private static func nullable(_ schema: [String: Any]) -> [String: Any] { ["anyOf": [schema, ["type": "null"]]] }
    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    private static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    private static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    private static func text(min: Int = 0, max: Int, pattern: String? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": "string", "minLength": min, "maxLength": max]
        if let pattern { schema["pattern"] = pattern }
        return schema
    }
    /// Printable ASCII without spaces, as `TextRules.token` accepts.
    private static func token(max: Int) -> [String: Any] { text(min: 1, max: max, pattern: "^[!-~]+$") }
    /// Text that is not only whitespace.
    private static func required(max: Int) -> [String: Any] { text(min: 1, max: max, pattern: "\\S") }
    private static var url: [String: Any] { text(max: 2_000, pattern: "^https?://\\S+$") }

    private static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var all: [String: Any] {
        let questionState = enumeration(QuestionState.allCases.map(\.rawValue))
        let comment = object(
            [
                "source": token(max: IncomingComment.Limits.source),
                "externalID": token(max: IncomingComment.Limits.externalID),
                "author": text(max: IncomingComment.Limits.author),
                "contact": text(max: IncomingComment.Limits.contact),
                "text": required(max: IncomingComment.Limits.text), "postedAt": dateTime,
            ], required: ["source", "externalID", "text"])
        let command = object(
            [
                "command": enumeration(ModerationCommand.names + PanelCommand.names),
                "expectedVersion": ["type": "integer", "minimum": 1],
                "reason": enumeration(RejectReason.allCases.map(\.rawValue)), "note": text(max: 1_000),
                "text": required(max: IncomingComment.Limits.text),
                "spans": array(object(["start": integer, "length": integer], required: ["start", "length"])),
                "into": integer, "add": array(string), "remove": array(string), "starred": ["type": "boolean"],
                "classification": nullable(enumeration(Classification.allCases.map(\.rawValue))),
                "stakeholderID": nullable(integer), "priority": ["type": "integer", "minimum": -100, "maximum": 100],
                "summary": required(max: 4_000), "dueDate": dateTime,
            ], required: ["command", "expectedVersion"])
        let batch = array(ref("Comment")).merging(["minItems": 1, "maxItems": IngestBody.maxBatch]) { $1 }
        var bulkItem = command
        bulkItem["properties"] = (command["properties"] as? [String: Any] ?? [:]).merging(["questionID": integer]) {
            $1
        }
        bulkItem["required"] = ["questionID", "command", "expectedVersion"]
        return [
            "Error": object(
                [
                    "error": object(
                        ["code": string, "message": string, "request_id": string, "details": ["type": "object"]],
                        required: ["code", "message"])
                ], required: ["error"]),
            "Login": object(["username": string, "password": string], required: ["username", "password"]),
            "LoginResult": object(["user": ref("User"), "csrfToken": string, "expiresAt": dateTime]),
            "Me": object(["role": string, "name": string, "user": ref("User"), "csrfToken": string]),
            "User": object([
                "id": integer, "username": string, "displayName": string, "role": string,
                "language": nullable(enumeration(Language.allCases.map(\.rawValue))), "createdAt": dateTime,
            ]),
            "MePatch": object(
                ["language": nullable(enumeration(Language.allCases.map(\.rawValue)))],
                required: ["language"]),
            "Session": object([
                "id": integer, "slug": string, "title": string, "description": string,
                "language": enumeration(Language.allCases.map(\.rawValue)), "videoURL": string,
                "broadcastStart": dateTime, "state": enumeration(SessionState.allCases.map(\.rawValue)),
                "acceptingQuestions": ["type": "boolean"], "createdAt": dateTime, "version": integer,
            ]),
            "SessionList": object(["sessions": array(ref("Session"))]),
            "SessionDetail": object(["session": ref("Session"), "counts": ["type": "object"]]),
            "SessionDraft": object(
                [
                    "slug": text(min: 2, max: 64, pattern: "^[a-z0-9]+(-[a-z0-9]+)*$"), "title": required(max: 200),
                    "description": text(max: 4_000), "language": enumeration(Language.allCases.map(\.rawValue)),
                    "videoURL": url, "broadcastStart": dateTime,
                ], required: ["slug", "title"]),
            "SessionPatch": object([
                "title": required(max: 200), "description": text(max: 4_000),
                "language": enumeration(Language.allCases.map(\.rawValue)), "videoURL": url,
                "broadcastStart": dateTime, "acceptingQuestions": ["type": "boolean"],
                "expectedVersion": ["type": "integer", "minimum": 1],
            ]),
            "SessionStateChange": object(
                [
                    "state": enumeration(SessionState.allCases.map(\.rawValue)),
                    "confirmPersonalData": ["type": "boolean"],
                ],
                required: ["state"]),
            "PersonalDataCheck": object([
                "findings": array(
                    object([
                        "questionID": integer, "field": enumeration(["text", "asker", "answer"]),
                        "matches": array(
                            object([
                                "kind": enumeration(PersonalData.Kind.allCases.map(\.rawValue)), "text": string,
                                "start": integer, "length": integer,
                            ])),
                    ]))
            ]),
            "Comment": comment,
            "IngestRequest": ["oneOf": [ref("Comment"), batch, object(["comments": batch], required: ["comments"])]],
            "IngestResponse": object([
                "created": integer, "duplicates": integer,
                "results": array(
                    object([
                        "status": enumeration(["created", "duplicate"]), "id": integer, "state": questionState,
                        "version": integer,
                    ])),
            ]),
            "Question": object([
                "id": integer, "sessionID": integer, "source": string, "externalID": string, "author": string,
                "contact": nullable(string), "originalText": string, "text": string, "receivedAt": dateTime,
                "postedAt": dateTime, "videoOffset": ["type": "number"],
                "kind": enumeration(QuestionKind.allCases.map(\.rawValue)), "state": questionState,
                "rejectReason": string, "heldReason": string, "version": integer, "votes": integer,
                "updatedAt": dateTime, "tags": array(string), "starred": ["type": "boolean"],
                "classification": nullable(enumeration(Classification.allCases.map(\.rawValue))),
                "mergedInto": nullable(integer),
                "notes": array(object(["author": string, "at": dateTime, "text": string])),
                "duplicates": array(object(["questionID": integer, "score": ["type": "number"]])),
                "rule": nullable(string),
            ]),
            "QuestionPage": object([
                "questions": array(ref("Question")), "nextCursor": nullable(string),
                "sequence": integer,
            ]),
            "QuestionDetail": object(["question": ref("Question"), "history": array(["type": "object"])]),
            "Command": command,
            "BulkCommands": object(
                ["commands": array(bulkItem).merging(["minItems": 1, "maxItems": 1_000]) { $1 }],
                required: ["commands"]),
            "BulkResults": object([
                "results": array(
                    object([
                        "questionID": integer, "status": string, "question": ref("Question"), "error": string,
                    ]))
            ]),
            "KeywordRules": object(["hold": array(string), "block": array(string)], required: ["hold", "block"]),
            "Stakeholder": object([
                "id": integer, "name": string, "shortName": string, "description": string,
                "createdAt": dateTime,
            ]),
            "StakeholderDraft": object([
                "name": required(max: 200), "shortName": text(max: 40),
                "description": text(max: 2_000),
            ]),
            "StakeholderList": object(["stakeholders": array(ref("Stakeholder"))]),
            "PanelMembers": object(["stakeholderIDs": array(integer)], required: ["stakeholderIDs"]),
            "PanelView": object([
                "stakeholders": array(ref("Stakeholder")), "onAir": nullable(ref("Question")),
                "queues": array(object(["stakeholder": ref("Stakeholder"), "questions": array(ref("Question"))])),
                "sequence": integer,
            ]),
            "OverlayLink": object(["path": string]),
            "OverlayView": object([
                "onAir": nullable(
                    object([
                        "id": integer, "text": string, "author": string, "stakeholder": string,
                        "stakeholderShortName": string,
                    ])),
                "language": string, "sequence": integer,
            ]),
            "PublicQuestions": object([
                "questions": array(
                    object([
                        "id": integer, "author": string, "text": string, "state": questionState,
                        "votes": integer, "receivedAt": dateTime, "stakeholderID": integer,
                        "answerSummary": string, "answeredAt": dateTime, "dueDate": dateTime,
                    ])),
                "stakeholders": array(object(["id": integer, "name": string, "shortName": string])),
                "sequence": integer,
            ]),
            "VoteResult": object(["id": integer, "votes": integer, "counted": ["type": "boolean"]]),
            "Health": object(["status": string, "sequence": integer]),
        ]
    }
}
