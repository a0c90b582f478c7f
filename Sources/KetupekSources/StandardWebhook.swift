import Foundation
import KetupekCore
import KetupekCrypto

/// Verifies Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`, `webhook-signature`):
/// HMAC-SHA256 over `id.timestamp.body`, any of several `v1,` signatures, a timestamp within ±5 minutes.
public struct StandardWebhookVerifier: Sendable {
    /// Why a delivery was refused; `code` is the stable metric label and error code.
    public enum Failure: Error, Sendable, Equatable {
        case missingHeaders
        case badTimestamp
        case stale
        case badSignature

        public var code: String {
            switch self {
            case .missingHeaders: "missing_headers"
            case .badTimestamp: "bad_timestamp"
            case .stale: "stale_timestamp"
            case .badSignature: "bad_signature"
            }
        }
    }

    public static let tolerance: TimeInterval = 5 * 60
    private let key: [UInt8]

    /// `secret` as shown to users: `whsec_` + base64 (the prefix is optional). Throws for an empty or
    /// undecodable secret, so a bad one is refused when the source is configured.
    public init(secret: String) throws(SourceError) {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard !encoded.isEmpty, let key = Data(base64Encoded: encoded), !key.isEmpty else {
            throw .terminal("bad_secret", "signingSecret must be whsec_ followed by base64 of 24–64 random bytes")
        }
        self.key = [UInt8](key)
    }

    /// The signature token (`v1,` + base64) for these parts; for senders and tests.
    public func sign(id: String, timestamp: String, body: [UInt8]) -> String {
        "v1," + Data(HMAC.sha256(key: key, message: Array("\(id).\(timestamp).".utf8) + body)).base64EncodedString()
    }

    /// Checks a delivery; returns its id (the dedupe key). `now` is injected so tests are exact.
    public func verify(id: String?, timestamp: String?, signature: String?, body: [UInt8], now: Date) throws(Failure)
        -> String
    {
        guard let id, !id.isEmpty, let timestamp, !timestamp.isEmpty, let signature, !signature.isEmpty else {
            throw .missingHeaders
        }
        guard timestamp.utf8.count <= 12, timestamp.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let seconds = Int64(timestamp)
        else { throw .badTimestamp }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= Self.tolerance else { throw .stale }
        let expected = HMAC.sha256(key: key, message: Array("\(id).\(timestamp).".utf8) + body)
        // Several signatures (key rotation): any valid v1 passes; unknown versions are ignored.
        var valid = false
        for token in signature.split(separator: " ") {
            let parts = token.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else { continue }
            if ConstantTime.equals([UInt8](given), expected) { valid = true }
        }
        guard valid else { throw .badSignature }
        return id
    }
}

/// Reads the comments of a generic webhook delivery: one comment, an array, `{"comments": [...]}`, or a
/// Standard Webhooks envelope `{"type": "comment.created", "timestamp": …, "data": {…}}`.
public enum WebhookPayload {
    public enum Failure: Error, Sendable, Equatable {
        case malformed(String)
    }

    /// The comments in `body`, each marked with `source` (the webhook's kind name).
    public static func comments(in body: [UInt8], source: String) throws(Failure) -> [IncomingComment] {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(body)) } catch {
            throw .malformed("the body is not JSON")
        }
        let items: [Any]
        if let array = json as? [Any] {
            items = array
        } else if let object = json as? [String: Any], let list = object["comments"] as? [Any] {
            items = list
        } else {
            items = [json]
        }
        guard !items.isEmpty else { throw .malformed("no comments") }
        guard items.count <= 1_000 else { throw .malformed("\(items.count) comments; at most 1000 per delivery") }
        var comments: [IncomingComment] = []
        for (index, item) in items.enumerated() {
            guard let object = item as? [String: Any] else { throw .malformed("comment \(index) is not an object") }
            comments.append(try comment(object, source: source, index: index))
        }
        return comments
    }

    private static func comment(_ outer: [String: Any], source: String, index: Int) throws(Failure) -> IncomingComment {
        var object = outer
        var postedAt = (outer["timestamp"] as? String).flatMap(RFC3339.date)
        if let type = outer["type"] as? String {
            guard type == "comment.created" else { throw .malformed("comment \(index): unknown type \(type)") }
            guard let data = outer["data"] as? [String: Any] else { throw .malformed("comment \(index): no data") }
            object = data
        }
        let id = (object["id"] as? String) ?? (object["externalID"] as? String)
        guard let id, !id.isEmpty else { throw .malformed("comment \(index): no id") }
        guard let text = object["text"] as? String else { throw .malformed("comment \(index): no text") }
        let author = ((object["author"] as? [String: Any])?["display_name"] as? String) ?? (object["author"] as? String)
        if let posted = (object["postedAt"] as? String) ?? (object["posted_at"] as? String) {
            postedAt = RFC3339.date(posted) ?? postedAt
        }
        return IncomingComment(
            source: source, externalID: id, author: author, contact: object["contact"] as? String, text: text,
            postedAt: postedAt)
    }
}

/// RFC 3339 / ISO 8601 dates as platforms write them: `Z` or an offset with or without a colon, with or
/// without fractional seconds (Facebook's `2026-01-01T18:47:02+0000`, YouTube's `…02.517+00:00`).
public enum RFC3339 {
    public static func date(_ text: String) -> Date? {
        var value = text.trimmingCharacters(in: .whitespaces)
        // "+0000" → "+00:00"
        if value.count > 5 {
            let tail = value.suffix(5)
            if let sign = tail.first, sign == "+" || sign == "-", tail.dropFirst().allSatisfy(\.isNumber) {
                value = String(value.dropLast(2)) + ":" + String(tail.suffix(2))
            }
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: value) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: value)
    }
}
