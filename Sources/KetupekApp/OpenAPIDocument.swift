import Foundation
import KetupekCore

/// The OpenAPI 3.1 description of the API, built from the route table so it lists exactly the routes the
/// server answers, with the roles each allows.
enum OpenAPIDocument {
    static func build(from entries: [RouteTable.Entry]) -> [UInt8] {
        var paths: [String: [String: Any]] = [:]
        for entry in entries {
            // A route with a body can always answer malformed (400), too large (413), not JSON (415), invalid (422).
            let statuses = Set(entry.responses).union(entry.requestSchema == nil ? [] : [400, 413, 415, 422])
            var operation: [String: Any] = [
                "summary": entry.summary,
                "tags": [entry.tag],
                "operationId": operationID(entry),
                "responses": Dictionary(
                    uniqueKeysWithValues: statuses.map { status in
                        (String(status), response(status, schema: entry.responseSchema))
                    }),
            ]
            switch entry.access {
            case .everyone:
                operation["security"] = [[String: [String]]()]
            case .roles(let roles):
                operation["security"] = [["bearer": [String]()], ["cookie": [String]()]]
                operation["x-roles"] = roles.map(\.rawValue).sorted()
            }
            var parameters: [[String: Any]] = pathParameters(entry.path).map {
                ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += entry.parameters.map {
                [
                    "name": $0.name, "in": "query", "required": false, "description": $0.description,
                    "schema": ["type": "string"],
                ]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let schema = entry.requestSchema {
                operation["requestBody"] = [
                    "required": true,
                    "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]],
                ]
            }
            paths[entry.path, default: [:]][entry.method.rawValue.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Ketupek API", "version": "1",
                "description":
                    "Live-session Q&A moderation. Errors are {\"error\": {\"code\", \"message\", \"request_id\"}}. "
                    + "Cookie requests that change state must send the X-CSRF-Token header.",
            ],
            "paths": paths,
            "components": [
                "schemas": OpenAPISchemas.all.merging(OpenAPISchemas.sources) { $1 },
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "cookie": ["type": "apiKey", "in": "cookie", "name": Authenticator.sessionCookie],
                ],
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        return Array(data)
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    static func operationID(_ entry: RouteTable.Entry) -> String {
        let words = entry.path.split(separator: "/").filter { $0 != "api" && $0 != "v1" }.map { word in
            word.hasPrefix("{") ? "By" + word.dropFirst().dropLast().capitalized : word.capitalized
        }
        return entry.method.rawValue.lowercased()
            + words.joined().replacingOccurrences(of: ".", with: "")
            .replacingOccurrences(of: "-", with: "")
    }

    static func response(_ status: Int, schema: String?) -> [String: Any] {
        if status >= 400 {
            return [
                "description": "Error",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
        }
        if status == 204 { return ["description": "No content"] }
        if schema == "EventStream" {
            return [
                "description": "Server-Sent Events", "content": ["text/event-stream": ["schema": ["type": "string"]]],
            ]
        }
        guard let schema else { return ["description": "OK"] }
        return [
            "description": "OK",
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]],
        ]
    }
}
