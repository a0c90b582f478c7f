import Foundation
import KetupekApp
import KetupekCrypto
import KetupekTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Push sources on the real binary: deliveries acknowledged before a SIGKILL are all there after the restart,
/// and the sender's redeliveries (same webhook-id) are recognised and store nothing twice.
@Suite("Push sources across kill -9", .serialized)
struct PushResumeTests {
    @Test(
        "signed webhook deliveries acknowledged before kill -9 survive; redelivered after the restart, none is stored twice"
    )
    func webhookRedelivery() async throws {
        let directory = try TemporaryDirectory("ketupek-e2e-webhook")
        defer { directory.remove() }
        var configuration = Configuration()
        configuration.dataDirectory = directory.path
        let auth = [
            "Authorization": "Bearer \(try await AdminCommands.createToken(configuration, name: "e2e", role: .admin))"
        ]
        let secret = "whsec_" + Data(SecureRandom.bytes(count: 32)).base64EncodedString()
        let signer = try StandardWebhookSigner(secret: secret)

        let first = try ServerProcess(dataDirectory: directory.path)
        #expect(
            try await first.client.json(
                "POST", "/api/v1/sessions", #"{"slug": "push", "title": "Push"}"#,
                headers: auth
            ).status == 201)
        #expect(
            try await first.client.json(
                "POST", "/api/v1/sessions/push/state", #"{"state": "live"}"#,
                headers: auth
            ).status == 200)
        let created = try await first.client.json(
            "POST", "/api/v1/sessions/push/sources",
            #"{"kind": "webhook", "settings": {"signingSecret": "\#(secret)"}}"#,
            headers: auth)
        let path = try #require(created.json["hookPath"] as? String)
        let id = try #require(created.json["id"] as? Int)
        #expect(try await first.client.send("POST", "/api/v1/sources/\(id)/start", headers: auth).status == 200)
        let deliveries = 200
        var acknowledged: [Int] = []
        for n in 0..<(deliveries / 2) {
            let (headers, body) = signer.delivery(
                id: "msg_\(n)", body: #"{"id": "c\#(n)", "text": "Pertanyaan \#(n)?"}"#)
            let answer = try await first.client.send("POST", path, headers: headers, body: body)
            if answer.status == 200 { acknowledged.append(n) }
        }
        // Killed right after the last acknowledgement: the 2xx promised the commit.
        first.stop(signal: SIGKILL)
        #expect(acknowledged.count == deliveries / 2)

        let second = try ServerProcess(dataDirectory: directory.path)
        var stored = 0
        var redelivered = 0
        for n in 0..<deliveries {
            let (headers, body) = signer.delivery(
                id: "msg_\(n)", body: #"{"id": "c\#(n)", "text": "Pertanyaan \#(n)?"}"#)
            let answer = try await second.client.send("POST", path, headers: headers, body: body)
            #expect(answer.status == 200)
            if answer.json["duplicateDelivery"] as? Bool == true {
                redelivered += 1
            } else {
                stored += answer.json["created"] as? Int ?? 0
            }
        }
        #expect(redelivered == acknowledged.count, "every acknowledged delivery survived and is recognised")
        #expect(stored == deliveries - acknowledged.count)
        let source = try await second.client.send("GET", "/api/v1/sessions/push/sources", headers: auth)
        let counters = (source.json["sources"] as? [[String: Any]])?.first?["counters"] as? [String: Any]
        #expect(counters?["ingested"] as? Int == deliveries && counters?["duplicates"] as? Int == 0)
        #expect(second.stop() == 0)
    }
}

/// Signs Standard Webhooks deliveries with the current time.
struct StandardWebhookSigner {
    let key: [UInt8]

    init(secret: String) throws {
        guard let key = Data(base64Encoded: String(secret.dropFirst(6))) else { throw TestClientError("bad secret") }
        self.key = [UInt8](key)
    }

    func delivery(id: String, body: String) -> ([String: String], [UInt8]) {
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let bytes = Array(body.utf8)
        let signature = Data(HMAC.sha256(key: key, message: Array("\(id).\(timestamp).".utf8) + bytes))
            .base64EncodedString()
        return (
            [
                "Content-Type": "application/json", "webhook-id": id, "webhook-timestamp": timestamp,
                "webhook-signature": "v1,\(signature)",
            ], bytes
        )
    }
}
