import Foundation
import KetupekCore
import KetupekSources
import Testing

@Suite("Webhook signatures")
struct SignatureTests {
    let official = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test("the Standard Webhooks reference vector verifies, and signing reproduces it")
    func referenceVector() throws {
        let verifier = try StandardWebhookVerifier(secret: official)
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        #expect(verifier.sign(id: id, timestamp: "1614265330", body: body) == expected)
        let now = Date(timeIntervalSince1970: 1_614_265_330)
        #expect(try verifier.verify(id: id, timestamp: "1614265330", signature: expected, body: body, now: now) == id)
        // Without the prefix too.
        let bare = try StandardWebhookVerifier(secret: String(official.dropFirst(6)))
        #expect(try bare.verify(id: id, timestamp: "1614265330", signature: expected, body: body, now: now) == id)
    }

    @Test("the comment fixture verifies with its secret, and every tampering is refused for its reason")
    func commentFixture() throws {
        let body = try Fixture.bytes("standard_webhook_comment.json")
        let verifier = try StandardWebhookVerifier(secret: "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        let id = "msg_2ZbXAMPLEcomment0001"
        let good = "v1,E2AIqyIJrH2xWOHMrdhyKXjewj2mB2DcMiTQzc++SiQ="
        let now = Date(timeIntervalSince1970: 1_767_293_222)
        func check(
            _ id: String? = "msg_2ZbXAMPLEcomment0001", ts: String? = "1767293222", sig: String?,
            altered: [UInt8]? = nil, now: Date = now
        ) throws(StandardWebhookVerifier.Failure) {
            _ = try verifier.verify(id: id, timestamp: ts, signature: sig, body: altered ?? body, now: now)
        }
        #expect(throws: Never.self) { try check(sig: good) }
        #expect(throws: Never.self) { try check(sig: "v1,bad v2,x \(good)") }
        #expect(throws: Never.self) { try check(sig: good, now: now.addingTimeInterval(300)) }
        #expect(throws: Never.self) { try check(sig: good, now: now.addingTimeInterval(-300)) }
        #expect(throws: StandardWebhookVerifier.Failure.stale) {
            try check(sig: good, now: now.addingTimeInterval(301))
        }
        #expect(throws: StandardWebhookVerifier.Failure.stale) {
            try check(sig: good, now: now.addingTimeInterval(-301))
        }
        #expect(throws: StandardWebhookVerifier.Failure.missingHeaders) { try check(nil, sig: good) }
        #expect(throws: StandardWebhookVerifier.Failure.missingHeaders) { try check(ts: nil, sig: good) }
        #expect(throws: StandardWebhookVerifier.Failure.missingHeaders) { try check(sig: nil) }
        #expect(throws: StandardWebhookVerifier.Failure.badTimestamp) { try check(ts: "17672932x2", sig: good) }
        #expect(throws: StandardWebhookVerifier.Failure.badSignature) { try check(sig: "v1,") }
        #expect(throws: StandardWebhookVerifier.Failure.badSignature) { try check(sig: "v1a,\(good.dropFirst(3))") }
        var altered = body
        altered[altered.count - 3] ^= 1
        #expect(throws: StandardWebhookVerifier.Failure.badSignature) { try check(sig: good, altered: altered) }
        let wrong = try StandardWebhookVerifier(secret: official)
        #expect(throws: StandardWebhookVerifier.Failure.badSignature) {
            _ = try wrong.verify(id: id, timestamp: "1767293222", signature: good, body: body, now: now)
        }
        #expect(throws: SourceError.self) { _ = try StandardWebhookVerifier(secret: "whsec_") }
    }

    @Test("the comment fixture reads as one comment with its author and time")
    func payload() throws {
        let comments = try WebhookPayload.comments(
            in: try Fixture.bytes("standard_webhook_comment.json"), source: "webhook")
        #expect(
            comments == [
                IncomingComment(
                    source: "webhook", externalID: "cmt_01J0000000000000000000000", author: "Kim L.",
                    text: "How do you handle retries?", postedAt: RFC3339.date("2026-01-01T18:47:02Z"))
            ])
        #expect(throws: WebhookPayload.Failure.self) {
            _ = try WebhookPayload.comments(in: Array("nope".utf8), source: "w")
        }
        #expect(throws: WebhookPayload.Failure.self) {
            _ = try WebhookPayload.comments(in: Array("[]".utf8), source: "w")
        }
        #expect(throws: WebhookPayload.Failure.self) {
            _ = try WebhookPayload.comments(in: Array(#"{"id":"a"}"#.utf8), source: "w")
        }
        let batch = try WebhookPayload.comments(
            in: Array(#"[{"id":"a","text":"x"},{"externalID":"b","text":"y"}]"#.utf8),
            source: "w")
        #expect(batch.map(\.externalID) == ["a", "b"])
        #expect(RFC3339.date("2018-08-30T18:47:02+0000") == RFC3339.date("2018-08-30T18:47:02Z"))
        #expect(RFC3339.date("2026-01-01T18:47:02.517+00:00")?.timeIntervalSince1970 == 1_767_293_222.517)
        #expect(RFC3339.date("2026-01-01T18:47:02Z")?.timeIntervalSince1970 == 1_767_293_222)
        #expect(RFC3339.date("2026-01-02T01:47:02+07:00") == RFC3339.date("2026-01-01T18:47:02Z"))
        #expect(RFC3339.date("2026-01-01T11:47:02-0700") == RFC3339.date("2026-01-01T18:47:02Z"))
        #expect(RFC3339.date("2024-02-29T00:00:00Z")?.timeIntervalSince1970 == 1_709_164_800)
        for bad in [
            "", "2026-01-01", "2026-13-01T00:00:00Z", "2026-01-01T18:47:02", "2026-01-01T18:47:02+7",
            "2026-01-01T18:47:02.Z", "2026-01-01T18:47:02Zjunk",
        ] {
            #expect(RFC3339.date(bad) == nil, "\(bad)")
        }
    }

    @Test("WhatsApp: the X-Hub-Signature-256 vector over the raw bytes, the handshake, text messages only")
    func whatsapp() throws {
        let body = try Fixture.bytes("whatsapp_text.json")
        let good = "sha256=8515ffd28d67f49306e8628a044ef53e964e0b815e34aec9e80b620dd6ad4368"
        #expect(throws: Never.self) {
            try WhatsAppWebhook.verify(signature: good, body: body, appSecret: "test_app_secret")
        }
        #expect(throws: Never.self) {
            try WhatsAppWebhook.verify(
                signature: good.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="),
                body: body, appSecret: "test_app_secret")
        }
        let reencoded = "sha256=db66aebc2c0cb66210d80d091de3f0ab691a9df93f6542f0d5f02e70714945bf"
        #expect(throws: WhatsAppWebhook.Failure.badSignature) {
            try WhatsAppWebhook.verify(signature: reencoded, body: body, appSecret: "test_app_secret")
        }
        #expect(throws: WhatsAppWebhook.Failure.missingSignature) {
            try WhatsAppWebhook.verify(signature: nil, body: body, appSecret: "test_app_secret")
        }
        #expect(throws: WhatsAppWebhook.Failure.badSignature) {
            try WhatsAppWebhook.verify(signature: good, body: body, appSecret: "other")
        }
        let comments = try WhatsAppWebhook.comments(in: body)
        #expect(
            comments == [
                IncomingComment(
                    source: "whatsapp", externalID: "wamid.TEST0000000000000000000000000001", author: "Ana María",
                    contact: "+16505551234", text: "¿Podemos hablar del presupuesto? 🙋",
                    postedAt: Date(timeIntervalSince1970: 1_767_225_600))
            ])
        let status =
            #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.TEST0000000000000000000000000777","status":"delivered","timestamp":"1767225610","recipient_id":"16505551234"}]},"field":"messages"}]}]}"#
        #expect(try WhatsAppWebhook.comments(in: Array(status.utf8)).isEmpty)
        #expect(
            WhatsAppWebhook.challenge(
                mode: "subscribe", token: "meatyhamhock", challenge: "1158201444",
                verifyToken: "meatyhamhock") == "1158201444")
        #expect(
            WhatsAppWebhook.challenge(
                mode: "subscribe", token: "wrong", challenge: "1158201444",
                verifyToken: "meatyhamhock") == nil)
        #expect(
            WhatsAppWebhook.challenge(
                mode: "unsubscribe", token: "meatyhamhock", challenge: "1",
                verifyToken: "meatyhamhock") == nil)
    }
}
