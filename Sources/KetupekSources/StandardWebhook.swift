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
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else {
                continue
            }
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
///
/// Parsed by hand: a formatter per call costs about a millisecond on Linux, which capped a 500-message
/// YouTube page at ~2 pages a second.
public enum RFC3339 {
    public static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, let year = number(0, 4), bytes[4] == 0x2D, let month = number(5, 2), bytes[7] == 0x2D,
            let day = number(8, 2), bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20,
            let hour = number(11, 2), bytes[13] == 0x3A, let minute = number(14, 2), bytes[16] == 0x3A,
            let second = number(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case 0x5A, 0x7A:
            guard index + 1 == bytes.count else { return nil }
        case 0x2B, 0x2D:
            let sign = bytes[index] == 0x2D ? -1 : 1
            let rest = bytes.count - index - 1
            guard let hours = number(index + 1, 2) else { return nil }
            let minutes: Int?
            if rest == 5, bytes[index + 3] == 0x3A {
                minutes = number(index + 4, 2)
            } else if rest == 4 {
                minutes = number(index + 3, 2)
            } else {
                minutes = nil
            }
            guard let minutes, hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3_600 + minutes * 60)
        default:
            return nil
        }
        // Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
