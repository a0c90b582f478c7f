import Foundation
import KetupekApp
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("The public ask form, receipts and QR codes")
struct AskFormTests {
    func ask(_ app: TestApplication, _ fields: String, slug: String = "ketupek-desember", from address: String? = nil)
        async throws -> TestResponse
    {
        try await app.client.send(
            "POST", "/s/\(slug)/ask?lang=en",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(fields.utf8))
    }

    @Test("asking redirects to a receipt with an unguessable code that shows the state, never the rejection reason")
    func askAndReceipt() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let form = try await app.client.send("GET", "/s/ketupek-desember?lang=en")
        #expect(form.status == 200 && form.text.contains("<form class=\"ask\""))
        // The form needs no script; the live list of public questions is one module, no inline script.
        #expect(
            form.text.components(separatedBy: "<script").count == 2
                && form.text.contains("<script type=\"module\" src=\"/js/live.js\"></script>"))
        let asked = try await ask(
            app, "question=Kapan+%3Cb%3Ejalan%3C%2Fb%3E+diperbaiki%3F&name=Budi&contact=0812&consent=yes")
        #expect(asked.status == 303)
        let location = try #require(asked.header("Location"))
        #expect(location.hasPrefix("/r/") && location.hasSuffix("?lang=en") && location.count >= 3 + 24 + 8)
        let receipt = try await app.client.send("GET", location)
        #expect(receipt.status == 200)
        #expect(receipt.text.contains("Kapan &lt;b&gt;jalan&lt;/b&gt; diperbaiki?"))
        #expect(receipt.text.contains("data-state=\"received\""))
        let question = try #require(try await app.questions().first)
        #expect(question["source"] as? String == "form" && question["contact"] as? String == "0812")
        #expect(question["author"] as? String == "Budi")
        let id = try #require(question["id"] as? Int)
        let rejected = try await app.client.json(
            "POST", "/api/v1/questions/\(id)/commands",
            #"{"command": "reject", "reason": "abusive", "note": "kata kasar", "expectedVersion": \#(question["version"] as? Int ?? 1)}"#,
            headers: app.auth(.moderator))
        #expect(rejected.status == 200)
        let after = try await app.client.send("GET", location)
        #expect(after.text.contains("data-state=\"not_selected\""))
        #expect(!after.text.contains("abusive") && !after.text.contains("kata kasar"))
        #expect(try await app.client.send("GET", "/r/not-a-real-code").status == 404)
        // A second question, approved and answered: its receipt shows the answer's summary.
        let second = try await ask(app, "question=Kapan+KTP-el+saya+jadi%3F")
        let secondLocation = try #require(second.header("Location"))
        let secondQuestion = try #require(try await app.questions().first { $0["id"] as? Int != id })
        let secondID = try #require(secondQuestion["id"] as? Int)
        #expect(
            try await app.client.json(
                "POST", "/api/v1/questions/\(secondID)/commands",
                #"{"command": "approve", "expectedVersion": 1}"#,
                headers: app.auth(.moderator)
            ).status == 200)
        let answered = try await app.client.json(
            "POST", "/api/v1/questions/\(secondID)/commands",
            #"{"command": "answer", "summary": "Dua minggu <setelah> rekam.", "expectedVersion": 2}"#,
            headers: app.auth(.moderator))
        #expect(answered.status == 200, "\(answered.text)")
        let answeredReceipt = try await app.client.send("GET", secondLocation)
        #expect(answeredReceipt.text.contains("data-state=\"answered\""))
        #expect(answeredReceipt.text.contains("<p class=\"answer\">Dua minggu &lt;setelah&gt; rekam.</p>"))
        #expect(try await app.client.send("GET", location.replacingOccurrences(of: "?", with: "x?")).status == 404)
    }

    @Test("a contact needs consent, a bad question is refused, a closed session refuses, asking is rate-limited")
    func refusals() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let noConsent = try await ask(app, "question=Halo%3F&contact=0812")
        #expect(noConsent.status == 422 && noConsent.text.contains("consent"))
        #expect(noConsent.text.contains("Halo?"), "what was typed is kept")
        #expect(try await ask(app, "question=").status == 422)
        #expect(try await ask(app, "question=" + String(repeating: "a", count: 2_001)).status == 422)
        #expect(try await app.questions().isEmpty)
        // Four more allowed (a burst of 5 per client counts every attempt that reached validation); then 429.
        var statuses: [Int] = []
        for index in 0..<4 { statuses.append(try await ask(app, "question=Nomor+\(index)%3F").status) }
        #expect(statuses.filter { $0 == 303 }.count == 2)
        #expect(statuses.last == 429)
        _ = try await app.client.json(
            "PATCH", "/api/v1/sessions/ketupek-desember", #"{"acceptingQuestions": false}"#,
            headers: app.auth(.admin))
        let closed = try await app.client.send("GET", "/s/ketupek-desember?lang=en")
        #expect(closed.text.contains("does not take questions") && !closed.text.contains("<form"))
        #expect(try await ask(app, "question=Masih%3F").status == 409)
        #expect(try await app.client.send("GET", "/s/nope").status == 404)
    }

    @Test("QR codes of the form's link as SVG and PNG")
    func qr() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let svg = try await app.client.send("GET", "/s/ketupek-desember/qr.svg")
        #expect(svg.status == 200 && svg.header("Content-Type") == "image/svg+xml" && svg.text.contains("<svg"))
        let png = try await app.client.send("GET", "/s/ketupek-desember/qr.png")
        #expect(png.status == 200 && png.header("Content-Type") == "image/png")
        #expect(Array(png.body.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(try await app.client.send("GET", "/s/nope/qr.png").status == 404)
    }
}
