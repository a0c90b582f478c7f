import Foundation

extension Request {
    /// Decodes the body as JSON.
    ///
    /// - Throws: `HTTPError` 415 `unsupported_media_type` unless the Content-Type is `application/json`;
    ///   400 `malformed_json` for invalid UTF-8 or syntax; 422 `invalid_body` when the JSON has the wrong
    ///   shape, naming the field (`question.text`) when the decoder knows it.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws(HTTPError) -> T {
        guard contentType == "application/json" else {
            throw HTTPError(
                .unsupportedMediaType, code: "unsupported_media_type", message: "Send the body as application/json.")
        }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw HTTPError.badRequest("The body is not valid UTF-8.", code: "malformed_json")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw Self.httpError(for: error)
        } catch {
            throw HTTPError.badRequest("The body is not valid JSON.", code: "malformed_json")
        }
    }

    static func httpError(for error: DecodingError) -> HTTPError {
        func path(_ context: DecodingError.Context, adding key: CodingKey? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .reduce("") { path, part in
                    part.hasPrefix("[") || path.isEmpty ? path + part : path + "." + part
                }
        }
        func invalid(_ message: String) -> HTTPError {
            HTTPError(.unprocessableContent, code: "invalid_body", message: message)
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return HTTPError.badRequest("The body is not valid JSON.", code: "malformed_json")
        case .dataCorrupted(let context):
            return invalid("The field \(path(context)) has an invalid value.")
        case .keyNotFound(let key, let context):
            return invalid("The field \(path(context, adding: key)) is required.")
        case .typeMismatch(let type, let context):
            let field = path(context)
            return invalid(
                field.isEmpty ? "The body has the wrong shape." : "The field \(field) must be \(describe(type)).")
        case .valueNotFound(let type, let context):
            let field = path(context)
            return invalid(
                field.isEmpty ? "The body is empty." : "The field \(field) must be \(describe(type)), not null.")
        @unknown default:
            return invalid("The body does not have the expected shape.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array")
                ? "an array" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "a \(type)")
        }
    }
}
