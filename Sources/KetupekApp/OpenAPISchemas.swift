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
    private static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var all: [String: Any] {
        let questionState = enumeration(QuestionState.allCases.map(\.rawValue))
        let comment = object([
            "source": string, "externalID": string, "author": string, "contact": string, "text": string,
            "postedAt": dateTime,
        ], required: ["source", "externalID", "text"])
        let command = object([
            "command": enumeration(ModerationCommand.names), "expectedVersion": integer,
            "reason": enumeration(RejectReason.allCases.map(\.rawValue)), "note": string, "text": string,
            "spans": array(object(["start": integer, "length": integer], required: ["start", "length"])),
            "into": integer, "add": array(string), "remove": array(string), "starred": ["type": "boolean"],
            "classification": nullable(enumeration(Classification.allCases.map(\.rawValue))),
        ], required: ["command", "expectedVersion"])
        var bulkItem = command
        bulkItem["properties"] = (command["properties"] as? [String: Any] ?? [:]).merging(["questionID": integer]) { $1 }
        bulkItem["required"] = ["questionID", "command", "expectedVersion"]
        return [
            "Error": object([
                "error": object(["code": string, "message": string, "request_id": string, "details": ["type": "object"]],
                                required: ["code", "message"]),
            ], required: ["error"]),
            "Login": object(["username": string, "password": string], required: ["username", "password"]),
            "LoginResult": object(["user": ref("User"), "csrfToken": string, "expiresAt": dateTime]),
            "Me": object(["role": string, "name": string, "user": ref("User"), "csrfToken": string]),
            "User": object(["id": integer, "username": string, "displayName": string, "role": string,
                            "language": nullable(enumeration(Language.allCases.map(\.rawValue))), "createdAt": dateTime]),
            "MePatch": object(["language": nullable(enumeration(Language.allCases.map(\.rawValue)))],
                              required: ["language"]),
            "Session": object([
                "id": integer, "slug": string, "title": string, "description": string,
                "language": enumeration(Language.allCases.map(\.rawValue)), "videoURL": string,
                "broadcastStart": dateTime, "state": enumeration(SessionState.allCases.map(\.rawValue)),
                "acceptingQuestions": ["type": "boolean"], "createdAt": dateTime, "version": integer,
            ]),
            "SessionList": object(["sessions": array(ref("Session"))]),
            "SessionDetail": object(["session": ref("Session"), "counts": ["type": "object"]]),
            "SessionDraft": object([
                "slug": string, "title": string, "description": string, "language": string, "videoURL": string,
                "broadcastStart": dateTime,
            ], required: ["slug", "title"]),
            "SessionPatch": object([
                "title": string, "description": string, "language": string, "videoURL": string,
                "broadcastStart": dateTime, "acceptingQuestions": ["type": "boolean"], "expectedVersion": integer,
            ]),
            "SessionStateChange": object(["state": enumeration(SessionState.allCases.map(\.rawValue))],
                                         required: ["state"]),
            "Comment": comment,
            "IngestRequest": ["oneOf": [ref("Comment"), array(ref("Comment")),
                                        object(["comments": array(ref("Comment"))], required: ["comments"])]],
            "IngestResponse": object([
                "created": integer, "duplicates": integer,
                "results": array(object(["status": enumeration(["created", "duplicate"]), "id": integer, "state": questionState,
                                          "version": integer])),
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
            "QuestionPage": object(["questions": array(ref("Question")), "nextCursor": nullable(string),
                                    "sequence": integer]),
            "QuestionDetail": object(["question": ref("Question"), "history": array(["type": "object"])]),
            "Command": command,
            "BulkCommands": object(["commands": array(bulkItem)], required: ["commands"]),
            "BulkResults": object(["results": array(object([
                "questionID": integer, "status": string, "question": ref("Question"), "error": string,
            ]))]),
            "KeywordRules": object(["hold": array(string), "block": array(string)], required: ["hold", "block"]),
            "Health": object(["status": string, "sequence": integer]),
        ]
    }
}
