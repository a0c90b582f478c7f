import Foundation
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("Ingest and moderation over the API")
struct IngestAndModerationTests {
    @Test("ingest is idempotent: the same comment twice gives one question and the same id")
    func idempotent() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let first = try await app.ingest(externalID: "fb-100")
        #expect(first.status == 201)
        let again = try await app.ingest(externalID: "fb-100")
        #expect(again.status == 200)
        let firstID = (first.json["results"] as? [[String: Any]])?.first?["id"] as? Int
        let againResult = (again.json["results"] as? [[String: Any]])?.first
        #expect(againResult?["status"] as? String == "duplicate")
        #expect(againResult?["id"] as? Int == firstID)
        let list = try await app.client.send(
            "GET", "/api/v1/sessions/ketupek-desember/questions", headers: app.auth(.moderator))
        #expect((list.json["questions"] as? [Any])?.count == 1)
    }

    @Test("a batch is all or nothing: one invalid comment refuses it, naming the comment, and writes nothing")
    func batch() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let before = try await app.sequence()
        let bad = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/comments",
            """
            {"comments": [{"source": "api", "externalID": "a", "text": "ok?"},
                          {"source": "api", "externalID": "b", "text": "   "}]}
            """, headers: app.auth(.integration))
        #expect(bad.status == 422)
        #expect(((bad.json["error"] as? [String: Any])?["message"] as? String)?.contains("text") == true)
        #expect(try await app.sequence() == before)
        let good = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/comments",
            """
            [{"source": "api", "externalID": "a", "text": "ok?"}, {"source": "wa", "externalID": "a", "text": "dua"}]
            """, headers: app.auth(.integration))
        #expect(good.status == 201 && good.json["created"] as? Int == 2)
    }

    @Test("a session that stops accepting refuses comments with 409")
    func notAccepting() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let patch = try await app.client.json(
            "PATCH", "/api/v1/sessions/ketupek-desember", #"{"acceptingQuestions": false}"#,
            headers: app.auth(.admin))
        #expect(patch.status == 200)
        let refused = try await app.ingest(externalID: "late")
        #expect(refused.status == 409 && refused.errorCode == "not_accepting")
    }

    @Test("commands carry the version; a stale one is a 409 with the current question; illegal is a 409 too")
    func commands() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let ingested = try await app.ingest(externalID: "q1", contact: "0812-0000-1111")
        let id = try #require((ingested.json["results"] as? [[String: Any]])?.first?["id"] as? Int)
        let approve = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "approve", "expectedVersion": 1}"#, headers: app.auth(.moderator))
        #expect(approve.status == 200 && approve.json["state"] as? String == "approved")
        let stale = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "hold", "expectedVersion": 1}"#, headers: app.auth(.moderator))
        #expect(stale.status == 409 && stale.errorCode == "stale_version")
        let current =
            ((stale.json["error"] as? [String: Any])?["details"] as? [String: Any])?["current"] as? [String: Any]
        #expect(current?["state"] as? String == "approved")
        #expect(current?["version"] as? Int == 2)
        let illegal = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "restore", "expectedVersion": 2}"#, headers: app.auth(.moderator))
        #expect(illegal.status == 409 && illegal.errorCode == "illegal_transition")
        let unknown = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "explode", "expectedVersion": 2}"#, headers: app.auth(.moderator))
        #expect(unknown.status == 422)
        let noReason = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "reject", "expectedVersion": 2}"#, headers: app.auth(.moderator))
        #expect(noReason.status == 422)
        let edit = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "edit", "expectedVersion": 2, "text": "Cara daftar BPJS?"}"#,
            headers: app.auth(.moderator))
        #expect(edit.json["text"] as? String == "Cara daftar BPJS?")
        #expect(edit.json["originalText"] as? String == "Bagaimana cara daftar BPJS?")
        let detail = try await app.client.send("GET", "/api/v1/questions/\(id)", headers: app.auth(.moderator))
        let kinds = (detail.json["history"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["question.received", "question.approved", "question.edited"])
        #expect(
            try await app.client.send("GET", "/api/v1/questions/999999", headers: app.auth(.moderator)).status == 404)
        #expect(try await app.client.send("GET", "/api/v1/questions/abc", headers: app.auth(.moderator)).status == 404)
    }

    @Test("bulk commands apply in one request and report each question")
    func bulk() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        var ids: [Int] = []
        for index in 0..<3 {
            let response = try await app.ingest(externalID: "b\(index)")
            ids.append(try #require((response.json["results"] as? [[String: Any]])?.first?["id"] as? Int))
        }
        let response = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/commands",
            """
            {"commands": [
              {"questionID": \(ids[0]), "command": "approve", "expectedVersion": 1},
              {"questionID": \(ids[1]), "command": "approve", "expectedVersion": 7},
              {"questionID": \(ids[2]), "command": "reject", "reason": "spam", "expectedVersion": 1},
              {"questionID": 987654, "command": "approve", "expectedVersion": 1}
            ]}
            """, headers: app.auth(.moderator))
        #expect(response.status == 200)
        let statuses = (response.json["results"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == ["applied", "stale_version", "applied", "not_found"])
    }

    @Test("listing filters and pages by cursor")
    func listing() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let batch = (0..<7).map {
            #"{"source": "\#($0 % 2 == 0 ? "facebook" : "youtube")", "externalID": "l\#($0)", "text": "Jalan rusak nomor \#($0)?"}"#
        }
        _ = try await app.client.json(
            "POST", "/api/v1/sessions/ketupek-desember/comments", "[\(batch.joined(separator: ","))]",
            headers: app.auth(.integration))
        var seen: [Int] = []
        var cursor: String?
        for _ in 0..<10 {
            let target = "/api/v1/sessions/ketupek-desember/questions?limit=3" + (cursor.map { "&after=\($0)" } ?? "")
            let page = try await app.client.send("GET", target, headers: app.auth(.moderator))
            seen += (page.json["questions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            cursor = page.json["nextCursor"] as? String
            if cursor == nil { break }
        }
        #expect(seen.count == 7 && Set(seen).count == 7 && seen == seen.sorted())
        let facebook = try await app.client.send(
            "GET", "/api/v1/sessions/ketupek-desember/questions?source=facebook&q=NOMOR",
            headers: app.auth(.moderator))
        #expect((facebook.json["questions"] as? [Any])?.count == 4)
        let badState = try await app.client.send(
            "GET", "/api/v1/sessions/ketupek-desember/questions?state=lost",
            headers: app.auth(.moderator))
        #expect(badState.status == 422)
    }
}
