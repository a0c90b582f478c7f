import Foundation
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("Session event streams")
struct EventStreamTests {
    @Test("a client that reconnects with Last-Event-ID receives every event it missed, in order, once")
    func reconnectReplays() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let headers = app.auth(.moderator)
        let first = try await offPool {
            try EventStreamReader(
                port: app.port, target: "/api/v1/sessions/ketupek-desember/events",
                headers: headers)
        }
        #expect(first.status == 200)
        for index in 0..<5 { _ = try await app.ingest(externalID: "before-\(index)") }
        let seen = try await offPool { try first.events(count: 5) }
        #expect(seen.count == 5)
        first.close()
        let lastID = try #require(seen.last?.id)

        // Missed while disconnected.
        for index in 0..<7 { _ = try await app.ingest(externalID: "missed-\(index)") }
        let second = try await offPool {
            try EventStreamReader(
                port: app.port, target: "/api/v1/sessions/ketupek-desember/events",
                headers: headers.merging(["Last-Event-ID": lastID]) { $1 })
        }
        // And live after the reconnect.
        for index in 0..<3 { _ = try await app.ingest(externalID: "after-\(index)") }
        let resumed = try await offPool { try second.events(count: 10) }
        second.close()
        let ids = resumed.compactMap { $0.id.flatMap(Int.init) }
        #expect(ids.count == 10)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count, "in order, no duplicates")
        #expect(ids.first == Int(lastID)! + 1, "nothing missed")
        let externalIDs = resumed.compactMap { ($0.json["question"] as? [String: Any])?["externalID"] as? String }
        #expect(externalIDs == (0..<7).map { "missed-\($0)" } + (0..<3).map { "after-\($0)" })
    }

    @Test("a replay larger than a stream's buffer arrives whole, in order, without a gap")
    func longReplay() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let long = String(repeating: "Bagaimana prosedur klaim BPJS untuk rawat inap? ", count: 10)
        for batch in 0..<6 {
            let comments = (0..<500).map {
                #"{"source":"api","externalID":"long-\#(batch)-\#($0)","text":"\#(long)\#($0)"}"#
            }
            let response = try await app.client.json(
                "POST", "/api/v1/sessions/ketupek-desember/comments",
                "[\(comments.joined(separator: ","))]", headers: app.auth(.integration))
            #expect(response.status == 201)
        }
        let reader = try await offPool {
            try EventStreamReader(
                port: app.port, target: "/api/v1/sessions/ketupek-desember/events",
                headers: app.auth(.moderator).merging(["Last-Event-ID": "0"]) { $1 })
        }
        let events = try await offPool { try reader.events(count: 3_002, timeout: 60) }
        reader.close()
        let ids = events.compactMap { $0.id.flatMap(Int.init) }
        #expect(
            ids.count == 3_002, "2 session events and 3,000 questions (about \(3_000 * long.utf8.count / 1_000) KB)")
        #expect(ids == Array(1...ids.count), "every event once, in order, from the start")
    }

    @Test("the public sees public questions only, without contact details; staff see everything")
    func roleViews() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let staff = try await offPool {
            try EventStreamReader(
                port: app.port, target: "/api/v1/sessions/ketupek-desember/events",
                headers: app.auth(.moderator))
        }
        let everyone = try await offPool {
            try EventStreamReader(port: app.port, target: "/api/v1/sessions/ketupek-desember/events")
        }
        let ingested = try await app.ingest(
            externalID: "secret", text: "Rumah saya di Jl. Melati 5, kapan diperbaiki?",
            contact: "0812-3456-7890")
        let id = try #require((ingested.json["results"] as? [[String: Any]])?.first?["id"] as? Int)
        _ = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "approve", "expectedVersion": 1}"#, headers: app.auth(.moderator))
        let staffEvents = try await offPool { try staff.events(count: 2) }
        let publicEvents = try await offPool { try everyone.events(count: 2) }
        staff.close()
        everyone.close()
        #expect(staffEvents.map(\.name) == ["question.received", "question.approved"])
        #expect(staffEvents[0].data.contains("0812-3456-7890"))
        #expect(publicEvents.map(\.name) == ["question.received", "question.approved"])
        #expect(publicEvents[0].json["question"] == nil && publicEvents[0].json["state"] as? String == "pending")
        #expect(!publicEvents[0].data.contains("Melati"), "a pending question's text is not public")
        for event in publicEvents { #expect(!event.data.contains("0812"), "no contact details in public") }
        #expect(
            (publicEvents[1].json["question"] as? [String: Any])?["text"] as? String
                == "Rumah saya di Jl. Melati 5, kapan diperbaiki?")
    }

    @Test("an unknown session's stream is a 404; a malformed Last-Event-ID a 422")
    func errors() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        #expect(try await app.client.send("GET", "/api/v1/sessions/nope/events").status == 404)
        let bad = try await app.client.send(
            "GET", "/api/v1/sessions/ketupek-desember/events",
            headers: ["Last-Event-ID": "yesterday"])
        #expect(bad.status == 422)
    }
}
