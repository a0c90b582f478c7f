import Foundation
import KetupekApp
import KetupekCore
import KetupekCrypto
import KetupekSources
import KetupekTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The reference fixtures, byte for byte (shared with KetupekSourcesTests).
func sourceFixture(_ name: String) throws -> [UInt8] {
    let url = ServerProcess.packageRoot.appendingPathComponent("Tests/KetupekSourcesTests/Fixtures/\(name)")
    return [UInt8](try Data(contentsOf: url))
}

extension TestApplication {
    /// Adds a source as admin; returns its JSON.
    func addSource(_ body: String, slug: String = "ketupek-desember") async throws -> [String: Any] {
        let response = try await client.json("POST", "/api/v1/sessions/\(slug)/sources", body, headers: auth(.admin))
        guard response.status == 201 else { throw TestClientError("add source: \(response.status) \(response.text)") }
        return response.json
    }

    func startSource(_ id: Int) async throws {
        let response = try await client.send("POST", "/api/v1/sources/\(id)/start", headers: auth(.admin))
        guard response.status == 200 else { throw TestClientError("start: \(response.status) \(response.text)") }
    }

    func questions(_ slug: String = "ketupek-desember") async throws -> [[String: Any]] {
        let page = try await client.send(
            "GET", "/api/v1/sessions/\(slug)/questions?limit=500", headers: auth(.moderator))
        return page.json["questions"] as? [[String: Any]] ?? []
    }

    /// Polls the source until `done` holds, at most `attempts` times, 20 ms apart.
    func waitForSource(_ id: Int, attempts: Int = 500, _ done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        for _ in 0..<attempts {
            let list = try await client.send("GET", "/api/v1/sessions/ketupek-desember/sources", headers: auth(.admin))
            let sources = list.json["sources"] as? [[String: Any]] ?? []
            if let source = sources.first(where: { $0["id"] as? Int == id }), done(source) { return source }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestClientError("source \(id) did not reach the expected state")
    }
}

@Suite("Comment sources through the app")
struct SourcesTests {
    @Test("admins add, list, change, start, stop and remove sources; credentials are never shown back")
    func adminAPI() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let secret = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
        let created = try await app.addSource(
            #"{"kind": "webhook", "name": "kiosk", "settings": {"signingSecret": "\#(secret)"}}"#)
        let id = try #require(created["id"] as? Int)
        #expect((created["hookPath"] as? String)?.hasPrefix("/hooks/") == true)
        #expect((created["settings"] as? [String: String]) == ["signingSecret": "set"])
        #expect(created["state"] as? String == "idle")
        let list = try await app.client.send(
            "GET", "/api/v1/sessions/ketupek-desember/sources", headers: app.auth(.admin))
        #expect(!list.text.contains(secret) && !list.text.contains("hooks/"))
        #expect(
            try await app.client.send(
                "GET", "/api/v1/sessions/ketupek-desember/sources",
                headers: app.auth(.moderator)
            ).status == 403)
        let badKind = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/sources", #"{"kind": "fax"}"#,
            headers: app.auth(.admin))
        #expect(badKind.status == 422)
        let badSetting = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/sources",
            #"{"kind": "youtube", "settings": {"liveChatId": "x"}}"#,
            headers: app.auth(.admin))
        #expect(badSetting.status == 422 && badSetting.text.contains("apiKey"))
        let typo = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/sources",
            #"{"kind": "webhook", "settings": {"signingSecrett": "x"}}"#,
            headers: app.auth(.admin))
        #expect(typo.status == 422)
        let renamed = try await app.client.json(
            "PATCH", "/api/v1/sources/\(id)", #"{"name": "kiosk 2"}"#,
            headers: app.auth(.admin))
        #expect(renamed.status == 200 && renamed.json["name"] as? String == "kiosk 2")
        try await app.startSource(id)
        let stopped = try await app.client.send("POST", "/api/v1/sources/\(id)/stop", headers: app.auth(.admin))
        #expect(stopped.json["state"] as? String == "stopped" && stopped.json["enabled"] as? Bool == false)
        #expect(try await app.client.send("DELETE", "/api/v1/sources/\(id)", headers: app.auth(.admin)).status == 204)
        #expect(try await app.client.send("DELETE", "/api/v1/sources/\(id)", headers: app.auth(.admin)).status == 404)
        #expect(
            !app.logs.all.contains {
                $0.message.contains(secret) || $0.metadata.values.contains { $0.contains(secret) }
            })
    }

    @Test("webhook: signed deliveries are stored once; every bad delivery gets its status, is counted, stores nothing")
    func webhook() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let secret = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
        let created = try await app.addSource(#"{"kind": "webhook", "settings": {"signingSecret": "\#(secret)"}}"#)
        let path = try #require(created["hookPath"] as? String)
        let id = try #require(created["id"] as? Int)
        let body = try sourceFixture("standard_webhook_comment.json")
        let verifier = try StandardWebhookVerifier(secret: secret)
        func headers(
            id: String = "msg_2ZbXAMPLEcomment0001", at: Date = Date(), body: [UInt8] = body,
            signature: String? = nil
        ) -> [String: String] {
            let ts = String(Int(at.timeIntervalSince1970))
            return [
                "Content-Type": "application/json", "webhook-id": id, "webhook-timestamp": ts,
                "webhook-signature": signature ?? verifier.sign(id: id, timestamp: ts, body: body),
            ]
        }
        // Stopped (not started yet): the sender is told to come back.
        #expect(try await app.client.send("POST", path, headers: headers(), body: body).status == 503)
        try await app.startSource(id)
        let before = try await app.sequence()
        let refusals: [(String, [String: String], [UInt8], Int)] = [
            ("unknown secret", headers(), body, 404),
            ("bad signature", headers(signature: "v1,E2AIqyIJrH2xWOHMrdhyKXjewj2mB2DcMiTQzc++SiQ="), body, 401),
            ("stale", headers(at: Date().addingTimeInterval(-301)), body, 401),
            ("future", headers(at: Date().addingTimeInterval(400)), body, 401),
            ("missing headers", ["Content-Type": "application/json"], body, 401),
            ("altered body", headers(), Array(body.dropLast()) + [0x20], 401),
            ("not JSON", headers(body: Array("hello".utf8)), Array("hello".utf8), 400),
            (
                "too large", headers(body: [UInt8](repeating: 0x20, count: 300_000)),
                [UInt8](repeating: 0x20, count: 300_000), 413
            ),
        ]
        for (name, headers, payload, status) in refusals {
            let target = name == "unknown secret" ? "/hooks/not-a-secret" : path
            let response = try await app.client.send("POST", target, headers: headers, body: payload)
            #expect(response.status == status, "\(name): \(response.text)")
        }
        #expect(try await app.sequence() == before, "no refusal wrote anything")
        let accepted = try await app.client.send("POST", path, headers: headers(), body: body)
        #expect(accepted.status == 200 && accepted.json["created"] as? Int == 1)
        // A retry of the same delivery (same webhook-id, new attempt time) stores nothing again.
        let retry = try await app.client.send(
            "POST", path, headers: headers(at: Date().addingTimeInterval(5)), body: body)
        #expect(retry.status == 200 && retry.json["duplicateDelivery"] as? Bool == true)
        let questions = try await app.questions()
        #expect(questions.count == 1)
        #expect(questions.first?["source"] as? String == "webhook")
        #expect(questions.first?["author"] as? String == "Kim L.")
        let metrics = try await app.client.send("GET", "/metrics").text
        for outcome in [
            "accepted", "duplicate_delivery", "bad_signature", "stale_timestamp", "missing_headers", "malformed",
            "too_large", "unknown_secret", "stopped",
        ] {
            #expect(metrics.contains("outcome=\"\(outcome)\""), "\(outcome)")
        }
        let source = try await app.waitForSource(id) { _ in true }
        #expect((source["counters"] as? [String: Any])?["ingested"] as? Int == 1)
        // The secret URL is a credential: request logs show only its prefix.
        let secretPart = String(path.dropFirst("/hooks/".count))
        #expect(app.logs.all.contains { $0.metadata["http.path"] == "/hooks/…" })
        #expect(
            !app.logs.all.contains {
                $0.message.contains(secretPart) || $0.metadata.values.contains { $0.contains(secretPart) }
            })
    }

    @Test("an unsigned webhook takes batches; an invalid comment refuses the delivery (422) and a closed session 409")
    func unsignedWebhook() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let created = try await app.addSource(#"{"kind": "webhook"}"#)
        let path = try #require(created["hookPath"] as? String)
        try await app.startSource(try #require(created["id"] as? Int))
        let batch = try await app.client.json(
            "POST", path, #"{"comments": [{"id": "k1", "text": "Satu?"}, {"id": "k2", "text": "Dua?"}]}"#)
        #expect(batch.status == 200 && batch.json["created"] as? Int == 2)
        let before = try await app.sequence()
        let invalid = try await app.client.json(
            "POST", path, #"[{"id": "k3", "text": "Tiga?"}, {"id": "k4", "text": "   "}]"#)
        #expect(invalid.status == 422 && invalid.text.contains("comments[1]"))
        _ = try await app.client.json(
            "PATCH", "/api/v1/sessions/ketupek-desember", #"{"acceptingQuestions": false}"#,
            headers: app.auth(.admin))
        let closed = try await app.client.json("POST", path, #"{"id": "k5", "text": "Lima?"}"#)
        #expect(closed.status == 409)
        #expect(try await app.sequence() == before + 1, "only the session change was written")
        let metrics = try await app.client.send("GET", "/metrics").text
        #expect(metrics.contains(#"outcome="invalid""#) && metrics.contains(#"outcome="not_accepting""#))
    }

    @Test(
        "whatsapp: handshake, the signed fixture becomes a question with a private contact, statuses and redeliveries add nothing"
    )
    func whatsapp() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let created = try await app.addSource(
            #"{"kind": "whatsapp", "settings": {"appSecret": "test_app_secret", "verifyToken": "meatyhamhock"}}"#)
        let path = try #require(created["hookPath"] as? String)
        try await app.startSource(try #require(created["id"] as? Int))
        let hello = try await app.client.send(
            "GET", path + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock")
        #expect(hello.status == 200 && hello.text == "1158201444")
        #expect(
            try await app.client.send(
                "GET", path + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong"
            ).status == 403)
        let body = try sourceFixture("whatsapp_text.json")
        let signature = "sha256=8515ffd28d67f49306e8628a044ef53e964e0b815e34aec9e80b620dd6ad4368"
        let before = try await app.sequence()
        let unsigned = try await app.client.send(
            "POST", path, headers: ["Content-Type": "application/json"], body: body)
        #expect(unsigned.status == 401)
        let reencoded = try await app.client.send(
            "POST", path,
            headers: [
                "Content-Type": "application/json",
                "X-Hub-Signature-256": "sha256=db66aebc2c0cb66210d80d091de3f0ab691a9df93f6542f0d5f02e70714945bf",
            ], body: body)
        #expect(reencoded.status == 401)
        #expect(try await app.sequence() == before)
        let first = try await app.client.send(
            "POST", path,
            headers: [
                "Content-Type": "application/json", "X-Hub-Signature-256": signature,
            ], body: body)
        #expect(first.status == 200 && first.json["created"] as? Int == 1)
        let again = try await app.client.send(
            "POST", path,
            headers: [
                "Content-Type": "application/json", "X-Hub-Signature-256": signature,
            ], body: body)
        #expect(again.status == 200 && again.json["created"] as? Int == 0 && again.json["duplicates"] as? Int == 1)
        let status = Array(
            #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","statuses":[{"id":"wamid.X","status":"delivered","timestamp":"1767225610","recipient_id":"16505551234"}]},"field":"messages"}]}]}"#
                .utf8)
        let statusSignature = "sha256=" + hmacHex(key: "test_app_secret", status)
        let statusOnly = try await app.client.send(
            "POST", path,
            headers: [
                "Content-Type": "application/json", "X-Hub-Signature-256": statusSignature,
            ], body: status)
        #expect(statusOnly.status == 200 && statusOnly.json["created"] as? Int == 0)
        let questions = try await app.questions()
        #expect(questions.count == 1)
        #expect(questions.first?["contact"] as? String == "+16505551234")
        #expect(questions.first?["author"] as? String == "Ana María")
        #expect(questions.first?["text"] as? String == "¿Podemos hablar del presupuesto? 🙋")
        // The contact is private: absent from the public side and the logs.
        #expect(!app.logs.all.contains { $0.metadata.values.contains { $0.contains("16505551234") } })
    }

    @Test("a delivery whose body arrives in 3-byte writes is stored; one cut short by the sender stores nothing")
    func trickleAndCut() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let created = try await app.addSource(
            #"{"kind": "whatsapp", "settings": {"appSecret": "test_app_secret", "verifyToken": "v"}}"#)
        let path = try #require(created["hookPath"] as? String)
        try await app.startSource(try #require(created["id"] as? Int))
        let body = try sourceFixture("whatsapp_text.json")
        let head =
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
            + "X-Hub-Signature-256: sha256=8515ffd28d67f49306e8628a044ef53e964e0b815e34aec9e80b620dd6ad4368\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        let port = app.port
        // The sender gives up halfway through the body: nothing is stored, the server carries on.
        let before = try await app.sequence()
        try await offPool {
            let socket = try TestSocket(host: "127.0.0.1", port: port, timeout: 5)
            defer { socket.close() }
            try socket.write(Array(head.utf8) + Array(body.prefix(body.count / 2)))
        }
        #expect(try await app.sequence() == before)
        let answer = try await offPool { () -> TestResponse in
            let socket = try TestSocket(host: "127.0.0.1", port: port, timeout: 5)
            defer { socket.close() }
            let bytes = Array(head.utf8) + body
            var offset = 0
            while offset < bytes.count {
                try socket.write(Array(bytes[offset..<min(bytes.count, offset + 3)]))
                offset += 3
                usleep(100)
            }
            return try TestHTTPClient.parseResponse(try socket.readToEnd())
        }
        #expect(answer.status == 200 && answer.json["created"] as? Int == 1)
        #expect(try await app.questions().count == 1)
    }

    @Test("jsonl: a started replay runs to the end through the supervisor, checkpoint saved with each batch")
    func jsonl() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let file = app.directory.file("replay.jsonl")
        let lines = (1...250).map { #"{"offset_ms": \#($0), "external_id": "r\#($0)", "text": "Pertanyaan \#($0)?"}"# }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let created = try await app.addSource(#"{"kind": "jsonl", "settings": {"path": "\#(file)", "speed": "max"}}"#)
        let id = try #require(created["id"] as? Int)
        try await app.startSource(id)
        let done = try await app.waitForSource(id) { $0["state"] as? String == "stopped" }
        #expect(done["checkpoint"] as? String == "2:0")
        #expect((done["counters"] as? [String: Any])?["ingested"] as? Int == 250)
        #expect(try await app.questions().count == 250)
        // A session that stopped accepting questions: the replay runs on, storing nothing but its position.
        _ = try await app.client.json(
            "PATCH", "/api/v1/sessions/ketupek-desember", #"{"acceptingQuestions": false}"#,
            headers: app.auth(.admin))
        let other = app.directory.file("other.jsonl")
        try Data(#"{"external_id": "x1", "text": "Ditolak?"}"#.utf8).write(to: URL(fileURLWithPath: other))
        let closed = try await app.addSource(#"{"kind": "jsonl", "settings": {"path": "\#(other)", "speed": "max"}}"#)
        let closedID = try #require(closed["id"] as? Int)
        try await app.startSource(closedID)
        let finished = try await app.waitForSource(closedID) { $0["state"] as? String == "stopped" }
        #expect(finished["checkpoint"] as? String == "2:0")
        #expect(try await app.questions().count == 250)
        // A missing file fails the source with a clear message, without a crash.
        let broken = try await app.addSource(#"{"kind": "jsonl", "settings": {"path": "/nonexistent.jsonl"}}"#)
        let brokenID = try #require(broken["id"] as? Int)
        try await app.startSource(brokenID)
        let failed = try await app.waitForSource(brokenID) { $0["state"] as? String == "failed" }
        #expect((failed["lastError"] as? String)?.contains("cannot read") == true)
    }
}

/// Lower-case hex HMAC-SHA256, for signing test deliveries.
func hmacHex(key: String, _ message: [UInt8]) -> String {
    Hex.encode(HMAC.sha256(key: Array(key.utf8), message: message))
}

@Suite("Source states through the supervisor")
struct SourceStateTests {
    @Test(
        "a transient failure shows backing_off with its error; an expired token fails with a clear message; no credential leaks"
    )
    func states() async throws {
        let flaky = try FakePlatformServer { _ in
            .init(json: #"{"error":{"code":503,"message":"x","errors":[]}}"#, status: 503)
        }
        defer { flaky.stop() }
        let expired = try FakePlatformServer { _ in
            .init(
                json:
                    #"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbCdEfGhIjK"}}"#,
                status: 400)
        }
        defer { expired.stop() }
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let youtube = try await app.addSource(
            #"{"kind": "youtube", "settings": {"baseURL": "\#(flaky.baseURL)", "liveChatId": "KicK", "apiKey": "SECRETKEY123"}}"#
        )
        let facebook = try await app.addSource(
            #"{"kind": "facebook", "settings": {"baseURL": "\#(expired.baseURL)", "videoID": "1190", "accessToken": "SECRETTOKEN456"}}"#
        )
        let youtubeID = try #require(youtube["id"] as? Int)
        let facebookID = try #require(facebook["id"] as? Int)
        try await app.startSource(youtubeID)
        try await app.startSource(facebookID)
        let backingOff = try await app.waitForSource(youtubeID) { $0["state"] as? String == "backing_off" }
        #expect((backingOff["lastError"] as? String)?.hasPrefix("http_503") == true)
        let failed = try await app.waitForSource(facebookID) { $0["state"] as? String == "failed" }
        #expect((failed["lastError"] as? String)?.contains("access token has expired") == true)
        #expect((failed["settings"] as? [String: String])?["accessToken"] == "set")
        let stopped = try await app.client.send("POST", "/api/v1/sources/\(youtubeID)/stop", headers: app.auth(.admin))
        #expect(stopped.json["state"] as? String == "stopped")
        let listing = try await app.client.send(
            "GET", "/api/v1/sessions/ketupek-desember/sources", headers: app.auth(.admin))
        for secret in ["SECRETKEY123", "SECRETTOKEN456"] {
            #expect(!listing.text.contains(secret))
            #expect(
                !app.logs.all.contains {
                    $0.message.contains(secret) || $0.metadata.values.contains { $0.contains(secret) }
                })
        }
        let metrics = try await app.client.send("GET", "/metrics").text
        #expect(metrics.contains(#"ketupek_source_failures_total{code="token_expired",kind="facebook"} 1"#))
    }
}

@Suite("Platform retractions")
struct RetractionTests {
    @Test("a message deleted on YouTube, and the messages of a banned author, are held with a note")
    func deletedAndBanned() async throws {
        let fake = try FakePlatformServer { request in
            switch request.query["pageToken"] ?? "P0" {
            case "P0":
                return .init(
                    json: #"""
                        {"nextPageToken":"P1","pollingIntervalMillis":1,"items":[
                        {"id":"m1","snippet":{"type":"textMessageEvent","publishedAt":"2026-01-01T18:47:02Z","textMessageDetails":{"messageText":"Kapan KTP saya jadi?"}},"authorDetails":{"channelId":"UCgood","displayName":"Ani"}},
                        {"id":"m2","snippet":{"type":"textMessageEvent","publishedAt":"2026-01-01T18:47:03Z","textMessageDetails":{"messageText":"halo semua, salam dari Curup"}},"authorDetails":{"channelId":"UCspam","displayName":"Spam"}},
                        {"id":"m3","snippet":{"type":"textMessageEvent","publishedAt":"2026-01-01T18:47:04Z","textMessageDetails":{"messageText":"Bagaimana cara daftar BPJS?"}},"authorDetails":{"channelId":"UCkeep","displayName":"Budi"}}]}
                        """#)
            case "P1":
                return .init(
                    json: #"""
                        {"nextPageToken":"P2","pollingIntervalMillis":1,"items":[
                        {"id":"d1","snippet":{"type":"messageDeletedEvent","publishedAt":"2026-01-01T18:48:00Z","messageDeletedDetails":{"deletedMessageId":"m1"}},"authorDetails":{"channelId":"UCmod","displayName":"Mod"}},
                        {"id":"b1","snippet":{"type":"userBannedEvent","publishedAt":"2026-01-01T18:48:01Z","userBannedDetails":{"banType":"permanent","bannedUserDetails":{"channelId":"UCspam","displayName":"Spam"}}},"authorDetails":{"channelId":"UCmod","displayName":"Mod"}}]}
                        """#)
            default:
                return .init(
                    json:
                        #"{"nextPageToken":"END","pollingIntervalMillis":1,"items":[{"id":"e","snippet":{"type":"chatEndedEvent"}}]}"#
                )
            }
        }
        defer { fake.stop() }
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let source = try await app.addSource(
            #"{"kind": "youtube", "settings": {"baseURL": "\#(fake.baseURL)", "liveChatId": "KicK", "apiKey": "k"}}"#)
        try await app.startSource(try #require(source["id"] as? Int))
        var byExternalID: [String: [String: Any]] = [:]
        for _ in 0..<500 {
            let list = try await app.client.send(
                "GET", "/api/v1/sessions/ketupek-desember/questions",
                headers: app.auth(.moderator))
            for question in list.json["questions"] as? [[String: Any]] ?? [] {
                if let id = question["externalID"] as? String { byExternalID[id] = question }
            }
            if byExternalID["m1"]?["state"] as? String == "held", byExternalID["m2"]?["state"] as? String == "held" {
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(byExternalID["m1"]?["state"] as? String == "held")
        #expect(byExternalID["m1"]?["heldReason"] as? String == "deleted on the platform")
        #expect(byExternalID["m2"]?["heldReason"] as? String == "author banned on the platform")
        #expect(byExternalID["m3"]?["state"] as? String == "pending", "others stay as they were")
    }
}
