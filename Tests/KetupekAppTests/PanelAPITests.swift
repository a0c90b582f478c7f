import Foundation
import KetupekApp
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("The panel over the API")
struct PanelAPITests {
    func id(_ response: TestResponse) -> Int? { (response.json["results"] as? [[String: Any]])?.first?["id"] as? Int }

    @Test("assign, queue order, one question on air, answers by the assigned stakeholder only, defer")
    func flow() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let admin = app.auth(.admin)
        let moderator = app.auth(.moderator)
        let bpjs = try #require(
            try await app.client.json(
                "POST", "/api/v1/stakeholders",
                #"{"name": "BPJS Kesehatan", "shortName": "BPJS"}"#, headers: admin
            ).json["id"] as? Int)
        let dukcapil = try #require(
            try await app.client.json(
                "POST", "/api/v1/stakeholders",
                #"{"name": "Dinas Kependudukan dan Pencatatan Sipil", "shortName": "Dukcapil"}"#, headers: admin
            ).json["id"] as? Int)
        #expect(
            try await app.client.json(
                "PUT", "/api/v1/sessions/ketupek-desember/panel",
                #"{"stakeholderIDs": [\#(bpjs), \#(dukcapil)]}"#, headers: admin
            ).status == 200)

        var ids: [Int] = []
        for index in 0..<3 {
            let question = try #require(id(try await app.ingest(externalID: "p\(index)", text: "Pertanyaan \(index)?")))
            #expect(
                try await command(app, question, #""command": "approve", "expectedVersion": 1"#, moderator).status
                    == 200)
            ids.append(question)
        }
        #expect(
            try await command(
                app, ids[0], #""command": "assign", "stakeholderID": \#(bpjs), "expectedVersion": 2"#, moderator
            ).status == 200)
        #expect(
            try await command(
                app, ids[1], #""command": "assign", "stakeholderID": \#(bpjs), "priority": 5, "expectedVersion": 2"#,
                moderator
            ).status == 200)
        #expect(
            try await command(
                app, ids[2], #""command": "assign", "stakeholderID": \#(dukcapil), "expectedVersion": 2"#, moderator
            ).status == 200)
        let unknown = try await command(
            app, ids[2], #""command": "assign", "stakeholderID": 999, "expectedVersion": 3"#, moderator)
        #expect(unknown.status == 422)

        let panel = try await app.client.send("GET", "/api/v1/sessions/ketupek-desember/panel", headers: moderator).json
        let queues = try #require(panel["queues"] as? [[String: Any]])
        let order = queues.map { ($0["questions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } }
        #expect(order == [[ids[1], ids[0]], [ids[2]]], "priority first, then votes and time")

        #expect(try await command(app, ids[0], #""command": "on_air", "expectedVersion": 3"#, moderator).status == 200)
        #expect(try await command(app, ids[1], #""command": "on_air", "expectedVersion": 3"#, moderator).status == 200)
        let first = try await app.client.send("GET", "/api/v1/questions/\(ids[0])", headers: moderator).json
        #expect((first["question"] as? [String: Any])?["state"] as? String == "approved", "the first left the air")
        let onAir = try await app.client.send("GET", "/api/v1/sessions/ketupek-desember/panel", headers: moderator)
        #expect((onAir.json["onAir"] as? [String: Any])?["id"] as? Int == ids[1])

        // A Dukcapil user answers their own question, not BPJS's.
        var configuration = Configuration()
        configuration.dataDirectory = app.directory.path
        _ = try await AdminCommands.addUser(
            configuration, username: "dukcapil", displayName: "Dukcapil", role: .stakeholder,
            stakeholder: StakeholderID(Int64(dukcapil)), password: "dukcapil-password")
        let login = try await app.client.json(
            "POST", "/api/v1/auth/login", #"{"username": "dukcapil", "password": "dukcapil-password"}"#)
        let cookie = try #require(login.headers["set-cookie"]?.first { $0.hasPrefix("ketupek_session=") })
        let session = [
            "Cookie": String(cookie.split(separator: ";")[0]), "X-CSRF-Token": login.json["csrfToken"] as? String ?? "",
        ]
        let notTheirs = try await command(
            app, ids[1], #""command": "answer", "summary": "x", "expectedVersion": 4"#, session)
        #expect(notTheirs.status == 403)
        let answered = try await command(
            app, ids[2], #""command": "answer", "summary": "Bisa diurus online.", "expectedVersion": 3"#, session)
        #expect(answered.status == 200 && answered.json["state"] as? String == "answered")
        #expect((answered.json["answer"] as? [String: Any])?["recordedBy"] as? String == "dukcapil", "\(answered.text)")
        let own = try await app.client.send("GET", "/api/v1/sessions/ketupek-desember/panel", headers: session).json
        #expect((own["queues"] as? [Any])?.count == 1, "a stakeholder sees only their own queue")
        #expect(try await command(app, ids[2], #""command": "approve", "expectedVersion": 4"#, session).status == 403)

        let deferred = try await command(
            app, ids[0],
            #""command": "defer", "dueDate": "2030-01-31T00:00:00Z", "note": "cek data", "expectedVersion": 5"#,
            moderator)
        #expect(deferred.status == 200 && deferred.json["state"] as? String == "deferred")
        #expect((deferred.json["deferral"] as? [String: Any])?["note"] as? String == "cek data")
    }

    func command(_ app: TestApplication, _ id: Int, _ fields: String, _ headers: [String: String]) async throws
        -> TestResponse
    {
        try await app.client.json("POST", "/api/v1/questions/\(id)/commands", "{\(fields)}", headers: headers)
    }
}

@Suite("Public votes")
struct VoteTests {
    @Test("one vote per question per client; only public questions; counts reach the public stream")
    func votes() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let pending = try #require(
            (try await app.ingest(externalID: "v1").json["results"] as? [[String: Any]])?.first?["id"] as? Int)
        #expect(
            try await app.client.send("POST", "/api/v1/public/questions/\(pending)/vote").status == 404,
            "not public yet")
        _ = try await app.client.json(
            "POST", "/api/v1/questions/\(pending)/commands",
            #"{"command": "approve", "expectedVersion": 1}"#, headers: app.auth(.moderator))
        let first = try await app.client.send("POST", "/api/v1/public/questions/\(pending)/vote")
        #expect(first.status == 200 && first.json["votes"] as? Int == 1 && first.json["counted"] as? Bool == true)
        let voter = try #require(first.headers["set-cookie"]?.first { $0.hasPrefix("ketupek_voter=") })
        #expect(voter.contains("HttpOnly"))
        let cookie = ["Cookie": String(voter.split(separator: ";")[0])]
        let again = try await app.client.send("POST", "/api/v1/public/questions/\(pending)/vote", headers: cookie)
        #expect(again.json["votes"] as? Int == 1 && again.json["counted"] as? Bool == false, "the same client again")
        let other = try await app.client.send("POST", "/api/v1/public/questions/\(pending)/vote")
        #expect(other.json["votes"] as? Int == 2, "another client")
        #expect(try await app.client.send("POST", "/api/v1/public/questions/99999/vote").status == 404)
    }
}
