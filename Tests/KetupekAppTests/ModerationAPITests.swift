import Foundation
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("Moderation commands and keyword rules over the API")
struct ModerationAPITests {
    func command(_ app: TestApplication, _ id: Int, _ body: String) async throws -> TestResponse {
        try await app.client.json("POST", "/api/v1/questions/\(id)/commands", body, headers: app.auth(.moderator))
    }

    func ingestedID(_ response: TestResponse) -> Int {
        (response.json["results"] as? [[String: Any]])?.first?["id"] as? Int ?? -1
    }

    @Test("redact, note, tag, star, classify, merge and undo; notes and contact stay with moderators")
    func commands() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let a = ingestedID(
            try await app.ingest(
                externalID: "a", text: "Telepon saya 08123456789 kapan KTP jadi?",
                author: "Siti", contact: "08123456789"))
        let b = ingestedID(try await app.ingest(externalID: "b", text: "Kapan KTP saya jadi?", author: "Ani"))

        let redacted = try await command(
            app, a, #"{"command": "redact", "expectedVersion": 1, "spans": [{"start": 13, "length": 11}]}"#)
        #expect(redacted.status == 200)
        #expect(redacted.json["text"] as? String == "Telepon saya […] kapan KTP jadi?")
        #expect(redacted.json["originalText"] as? String == "Telepon saya 08123456789 kapan KTP jadi?")
        var version = 2
        for body in [
            #""command": "note", "text": "follow up by WA""#, #""command": "tag", "add": ["KTP"]"#,
            #""command": "star", "starred": true"#, #""command": "classify", "classification": "report""#,
        ] {
            let response = try await command(app, a, "{\(body), \"expectedVersion\": \(version)}")
            #expect(response.status == 200, "\(body): \(response.text)")
            version += 1
        }
        let detail = try await app.client.send("GET", "/api/v1/questions/\(a)", headers: app.auth(.moderator))
        let question = try #require(detail.json["question"] as? [String: Any])
        #expect(question["tags"] as? [String] == ["ktp"] && question["starred"] as? Bool == true)
        #expect(question["classification"] as? String == "report")
        #expect((question["notes"] as? [[String: Any]])?.first?["text"] as? String == "follow up by WA")

        let merge = try await command(app, b, #"{"command": "merge", "expectedVersion": 1, "into": \#(a)}"#)
        #expect(merge.status == 200 && merge.json["state"] as? String == "merged")
        let undo = try await command(app, b, #"{"command": "undo", "expectedVersion": 2}"#)
        #expect(undo.status == 200 && undo.json["state"] as? String == "pending")
        let nothing = try await command(app, b, #"{"command": "undo", "expectedVersion": 3}"#)
        #expect(nothing.status == 409 && nothing.errorCode == "nothing_to_undo")
        let selfMerge = try await command(app, b, #"{"command": "merge", "expectedVersion": 3, "into": \#(b)}"#)
        #expect(selfMerge.status == 409 && selfMerge.errorCode == "merge_target")
        let missing = try await command(app, b, #"{"command": "merge", "expectedVersion": 3}"#)
        #expect(missing.status == 422)
    }

    @Test("admins edit the keyword lists; moderators read them; a held comment names its rule")
    func rules() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let defaults = try await app.client.send("GET", "/api/v1/rules", headers: app.auth(.moderator))
        #expect(defaults.status == 200 && (defaults.json["hold"] as? [String])?.contains("judi online") == true)
        let denied = try await app.client.json(
            "PUT", "/api/v1/rules", #"{"hold": [], "block": []}"#,
            headers: app.auth(.moderator))
        #expect(denied.status == 403)
        let saved = try await app.client.json(
            "PUT", "/api/v1/sessions/ketupek-desember/rules",
            #"{"hold": ["kampanye", "kampanye"], "block": []}"#, headers: app.auth(.admin))
        #expect(saved.status == 200 && saved.json["hold"] as? [String] == ["kampanye"])
        let bad = try await app.client.json(
            "PUT", "/api/v1/rules", #"{"hold": ["!!!"], "block": []}"#,
            headers: app.auth(.admin))
        #expect(bad.status == 422)
        let held = try await app.ingest(externalID: "k", text: "Ini KAMPANYE terselubung")
        #expect((held.json["results"] as? [[String: Any]])?.first?["state"] as? String == "held")
    }

    @Test("a redaction after approval does not come back to the public through a replay of older events")
    func redactedReplay() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let id = ingestedID(
            try await app.ingest(
                externalID: "r", text: "Hubungi saya di 0812999888 kapan KTP jadi?",
                author: "Rudi"))
        #expect(try await command(app, id, #"{"command": "approve", "expectedVersion": 1}"#).status == 200)
        let redacted = try await command(
            app, id, #"{"command": "redact", "expectedVersion": 2, "spans": [{"start": 16, "length": 10}]}"#)
        #expect(redacted.json["text"] as? String == "Hubungi saya di […] kapan KTP jadi?")
        let everyone = try await offPool {
            try EventStreamReader(port: app.port, target: "/api/v1/sessions/ketupek-desember/events?lastEventId=0")
        }
        let events = try await offPool { try everyone.events(count: 4) }
        everyone.close()
        let texts = events.compactMap { ($0.json["question"] as? [String: Any])?["text"] as? String }
        #expect(!texts.isEmpty)
        #expect(texts.allSatisfy { !$0.contains("0812999888") }, "\(texts)")
    }

    @Test("the console page is served for any session slug, without caching, under the CSP")
    func consolePage() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        let page = try await app.client.send("GET", "/moderate/ketupek-desember")
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(page.header("Cache-Control") == "no-cache")
        #expect(page.text.contains("/js/moderate/main.js") && !page.text.contains("style="))
        let script = try await app.client.send("GET", "/js/moderate/main.js")
        #expect(script.status == 200)
    }
}
