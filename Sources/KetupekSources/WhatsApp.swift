import Foundation
import KetupekCore
import KetupekCrypto

/// The WhatsApp Business Cloud API webhook: the verification handshake, `X-Hub-Signature-256` over the
/// raw body bytes, and text messages as comments with the sender's number as private contact.
public enum WhatsAppWebhook {
    public enum Failure: Error, Sendable, Equatable {
        case missingSignature
        case badSignature
        case malformed(String)

        public var code: String {
            switch self {
            case .missingSignature: "missing_signature"
            case .badSignature: "bad_signature"
            case .malformed: "malformed"
            }
        }
    }

    /// The body to answer a verification GET with, or nil (answer 403) when mode or token is wrong.
    public static func challenge(mode: String?, token: String?, challenge: String?, verifyToken: String) -> String? {
        guard mode == "subscribe", let token, let challenge, !challenge.isEmpty, !verifyToken.isEmpty,
            ConstantTime.equals(Array(token.utf8), Array(verifyToken.utf8))
        else { return nil }
        return challenge
    }

    /// Checks `sha256=<hex>` against HMAC-SHA256(app secret, raw body); never re-encodes the JSON.
    public static func verify(signature: String?, body: [UInt8], appSecret: String) throws(Failure) {
        guard let signature, signature.hasPrefix("sha256=") else { throw .missingSignature }
        guard let given = Hex.decode(String(signature.dropFirst(7)).lowercased()), given.count == 32 else {
            throw .badSignature
        }
        let expected = HMAC.sha256(key: Array(appSecret.utf8), message: body)
        guard ConstantTime.equals(given, expected) else { throw .badSignature }
    }

    /// The text messages of a delivery as comments (statuses and other message types are skipped).
    public static func comments(in body: [UInt8]) throws(Failure) -> [IncomingComment] {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .malformed("the body is not a JSON object")
        }
        guard root["object"] as? String == "whatsapp_business_account", let entries = root["entry"] as? [Any] else {
            throw .malformed("not a whatsapp_business_account delivery")
        }
        var comments: [IncomingComment] = []
        for case let entry as [String: Any] in entries {
            for case let change as [String: Any] in entry["changes"] as? [Any] ?? [] {
                guard change["field"] as? String == "messages", let value = change["value"] as? [String: Any] else {
                    continue
                }
                var names: [String: String] = [:]
                for case let contact as [String: Any] in value["contacts"] as? [Any] ?? [] {
                    if let id = contact["wa_id"] as? String,
                        let name = (contact["profile"] as? [String: Any])?["name"] as? String
                    {
                        names[id] = name
                    }
                }
                for case let message as [String: Any] in value["messages"] as? [Any] ?? [] {
                    guard message["type"] as? String == "text", let id = message["id"] as? String,
                        let text = (message["text"] as? [String: Any])?["body"] as? String
                    else { continue }
                    let from = message["from"] as? String
                    let posted = (message["timestamp"] as? String).flatMap(TimeInterval.init).map {
                        Date(timeIntervalSince1970: $0)
                    }
                    comments.append(
                        IncomingComment(
                            source: SourceKind.whatsapp.rawValue, externalID: id, author: from.flatMap { names[$0] },
                            contact: from.map { "+" + $0 }, text: text, postedAt: posted))
                }
            }
        }
        return comments
    }
}
