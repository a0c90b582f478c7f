import KetupekSources

extension OpenAPISchemas {
    /// Schemas of the sources API and the push hooks.
    static var sources: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
        let stringMap: [String: Any] = ["type": "object", "additionalProperties": string]
        func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
            ["type": "object", "properties": properties, "required": required]
        }
        let kind: [String: Any] = ["type": "string", "enum": SourceKind.allCases.map(\.rawValue)]
        return [
            "Source": object([
                "id": integer, "session": string, "kind": kind, "name": string,
                "settings": stringMap, "enabled": ["type": "boolean"],
                "state": ["type": "string", "enum": ["idle", "running", "backing_off", "failed", "stopped"]],
                "lastError": ["anyOf": [string, ["type": "null"]]],
                "checkpoint": ["anyOf": [string, ["type": "null"]]],
                "counters": object(["ingested": integer, "duplicates": integer, "retracted": integer]),
                "notes": stringMap, "hookPath": string, "createdAt": dateTime, "updatedAt": dateTime,
            ]),
            "SourceList": object(["sources": ["type": "array", "items": ["$ref": "#/components/schemas/Source"]]]),
            "SourceCreate": object(["kind": kind, "name": string, "settings": stringMap], required: ["kind"]),
            "SourcePatch": object(["name": string, "settings": stringMap]),
            "HookAccepted": object([
                "created": integer, "duplicates": integer, "duplicateDelivery": ["type": "boolean"],
            ]),
        ]
    }
}
