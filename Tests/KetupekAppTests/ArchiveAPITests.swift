import Foundation
import KetupekApp
import KetupekCore
import KetupekHTTP
import KetupekTestSupport
import Testing

/// A session with every kind of question, ended and ready to publish: two answered (one written as markup),
/// one deferred, one rejected, one left pending; one asker left a phone number in the question text.
struct ArchiveFixture {
    let app: TestApplication
    let slug = "ketupek-desember"
    var ids: [String: Int] = [:]
    var stakeholder = 0
    static let contact = "budi.private@example.com"

    static func make() async throws -> ArchiveFixture {
        var fixture = ArchiveFixture(app: try await TestApplication())
        let app = fixture.app
        try await app.makeLiveSession()
        let admin = app.auth(.admin)
        let bpjs = try #require(
            try await app.client.json(
                "POST", "/api/v1/stakeholders", #"{"name": "BPJS Kesehatan", "shortName": "BPJS"}"#, headers: admin
            ).json["id"] as? Int)
        _ = try await app.client.json(
            "PUT", "/api/v1/sessions/\(fixture.slug)/panel", #"{"stakeholderIDs": [\#(bpjs)]}"#,
            headers: admin)
        fixture.stakeholder = bpjs
        let comments: [(String, String, String)] = [
            ("answered", "Bagaimana cara mengaktifkan kembali kartu BPJS Kesehatan yang nonaktif?", "Budi"),
            ("markup", "<img src=x onerror=alert(1)> apakah iuran BPJS naik?", "\"><script>alert(2)</script>"),
            ("deferred", "Kapan klaim rumah sakit saya dibayar? Hubungi saya di 0812-3456-7890", ""),
            ("rejected", "SPAM beli followers murah", "Spammer"),
            ("pending", "Pertanyaan yang belum dimoderasi tentang sekolah", "Ani"),
        ]
        for (key, text, author) in comments {
            let response = try await app.ingest(externalID: key, text: text, author: author, contact: contact)
            fixture.ids[key] = try #require((response.json["results"] as? [[String: Any]])?.first?["id"] as? Int)
        }
        for key in ["answered", "markup", "deferred"] {
            try await fixture.command(key, #""command": "approve", "expectedVersion": 1"#)
            try await fixture.command(key, #""command": "assign", "stakeholderID": \#(bpjs), "expectedVersion": 2"#)
        }
        try await fixture.command(
            "answered",
            #""command": "answer", "summary": "Aktifkan lewat aplikasi Mobile JKN atau kantor cabang.", "expectedVersion": 3"#
        )
        try await fixture.command(
            "markup", #""command": "answer", "summary": "Iuran kelas 3 tetap <b>Rp 42.000</b>.", "expectedVersion": 3"#)
        try await fixture.command(
            "deferred",
            #""command": "defer", "dueDate": "2026-12-31T00:00:00Z", "note": "catatan internal", "expectedVersion": 3"#)
        try await fixture.command("rejected", #""command": "reject", "reason": "spam", "expectedVersion": 1"#)
        try await fixture.command(
            "answered", #""command": "note", "text": "catatan rahasia moderator", "expectedVersion": 4"#)
        let ended = try await app.client.json(
            "POST", "/api/v1/sessions/\(fixture.slug)/state", #"{"state": "ended"}"#,
            headers: app.auth(.moderator))
        guard ended.status == 200 else { throw TestClientError("end: \(ended.text)") }
        return fixture
    }

    @discardableResult
    func command(_ key: String, _ fields: String) async throws -> TestResponse {
        let response = try await app.client.json(
            "POST", "/api/v1/questions/\(ids[key] ?? 0)/commands", "{\(fields)}", headers: app.auth(.moderator))
        guard response.status == 200 else {
            throw TestClientError("\(key) \(fields): \(response.status) \(response.text)")
        }
        return response
    }

    func publish(confirm: Bool = false) async throws -> TestResponse {
        try await app.client.json(
            "POST", "/api/v1/sessions/\(slug)/state", #"{"state": "published", "confirmPersonalData": \#(confirm)}"#,
            headers: app.auth(.moderator))
    }

    /// The identity body of `path` (no Accept-Encoding).
    func get(_ path: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await app.client.send("GET", path, headers: headers)
    }
}

@Suite("The archive over HTTP: publish, read every format, search, withdraw")
struct ArchiveAPITests {
    @Test("publishing is refused while a public text looks like personal data; redacting it lets it through")
    func personalDataCheck() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { Task { await fixture.app.stop() } }
        let check = try await fixture.get(
            "/api/v1/sessions/\(fixture.slug)/archive/check",
            headers: fixture.app.auth(.moderator))
        let findings = try #require(check.json["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["questionID"] as? Int == fixture.ids["deferred"])
        #expect(findings.first?["field"] as? String == "text")
        #expect(try await fixture.get("/api/v1/sessions/\(fixture.slug)/archive/check").status == 401)

        let sequence = try await fixture.app.sequence()
        let refused = try await fixture.publish()
        #expect(refused.status == 422 && refused.errorCode == "personal_data")
        #expect(((refused.json["error"] as? [String: Any])?["details"] as? [String: Any])?["findings"] != nil)
        #expect(try await fixture.app.sequence() == sequence, "nothing written")
        #expect(try await fixture.get("/archive/\(fixture.slug)").status == 404)

        // "Kapan klaim rumah sakit saya dibayar? Hubungi saya di " is 54 UTF-16 units; the number is 14.
        try await fixture.command(
            "deferred", #""command": "redact", "expectedVersion": 4, "spans": [{"start": 54, "length": 14}]"#)
        let clean = try await fixture.get(
            "/api/v1/sessions/\(fixture.slug)/archive/check", headers: fixture.app.auth(.moderator))
        #expect((clean.json["findings"] as? [Any])?.isEmpty == true, "\(clean.text)")
        #expect(try await fixture.publish().status == 200)
        let page = try await fixture.get("/en/archive/\(fixture.slug)").text
        #expect(page.contains("Kapan klaim rumah sakit saya dibayar?"))
        #expect(!page.contains("3456"), "the redacted number is not published")
    }

    @Test("a published session in every format, in both languages; nothing private and nothing unanswered in any")
    func everyFormat() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { Task { await fixture.app.stop() } }
        #expect(try await fixture.publish(confirm: true).status == 200)
        let slug = fixture.slug
        var paths = [
            "/id/archive", "/en/archive", "/id/archive/\(slug)", "/en/archive/\(slug)",
            "/en/archive/\(slug)/by-stakeholder", "/id/archive/\(slug)/by-stakeholder",
            "/archive/\(slug).json", "/archive/\(slug).md", "/archive/\(slug).csv",
            "/id/archive/feed.atom", "/en/archive/feed.atom", "/archive", "/archive/\(slug)",
            "/en/archive/search?q=bpjs", "/id/archive/search?q=iuran",
        ]
        for key in ["answered", "markup", "deferred"] {
            paths += [
                "/en/archive/\(slug)/q/\(fixture.ids[key] ?? 0)", "/id/archive/\(slug)/q/\(fixture.ids[key] ?? 0)",
            ]
        }
        let forbidden = [
            ArchiveFixture.contact, "catatan rahasia moderator", "catatan internal", "SPAM beli followers",
            "belum dimoderasi", "Spammer",
        ]
        // Markup someone typed stays text in HTML and in the feed (JSON, Markdown and CSV carry it as data).
        let markup = ["<img src=x", "<script>alert(2)", "<b>Rp"]
        for path in paths {
            let response = try await fixture.get(path)
            #expect(response.status == 200, "\(path)")
            for text in forbidden { #expect(!response.text.contains(text), "\(path) contains \(text)") }
            let markupType = ["text/html", "application/atom+xml"].contains {
                response.header("Content-Type")?.hasPrefix($0) == true
            }
            for text in markup where markupType { #expect(!response.text.contains(text), "\(path) contains \(text)") }
        }
        let transcript = try await fixture.get("/en/archive/\(slug)")
        #expect(transcript.header("Content-Type") == "text/html; charset=utf-8")
        #expect(transcript.header("Content-Language") == "en")
        #expect(transcript.header("Cache-Control") == "public, no-cache")
        #expect(transcript.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(transcript.text.contains("Aktifkan lewat aplikasi Mobile JKN"))
        #expect(transcript.text.contains("Budi"))
        #expect(!transcript.text.contains("<script"))

        // /archive/… follows Accept-Language, Indonesian by default.
        let english = try await fixture.get("/archive/\(slug)", headers: ["Accept-Language": "en-GB,en;q=0.9"])
        #expect(english.body == transcript.body)
        #expect(english.header("Vary")?.contains("Accept-Language") == true)
        #expect(try await fixture.get("/archive/\(slug)").body == (try await fixture.get("/id/archive/\(slug)")).body)

        let json = try await fixture.get("/archive/\(slug).json")
        #expect(json.header("Content-Type") == "application/json; charset=utf-8")
        let questions = try #require(json.json["questions"] as? [[String: Any]])
        #expect(
            Set(questions.compactMap { $0["id"] as? Int })
                == Set(["answered", "markup", "deferred"].compactMap { fixture.ids[$0] }))
        let csv = try await fixture.get("/archive/\(slug).csv")
        #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(try await fixture.get("/archive/\(slug).md").header("Content-Type") == "text/markdown; charset=utf-8")
        let feed = try await fixture.get("/en/archive/feed.atom")
        #expect(feed.header("Content-Type") == "application/atom+xml; charset=utf-8")
        #expect(feed.text.contains("Ketupek \(slug)"))
        #expect(try await fixture.get("/en/archive").text.contains("/en/archive/\(slug)"))
        #expect(try await fixture.get("/en/archive/search?q=BPJS").text.contains("<mark>"))

        #expect(try await fixture.get("/en/archive/nothing-here").status == 404)
        #expect(try await fixture.get("/en/archive/nothing-here").header("Content-Type") == "text/html; charset=utf-8")
    }

    @Test("search filters by stakeholder and by answer date (days in WIB); odd parameters are ignored, not errors")
    func searchFilters() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { Task { await fixture.app.stop() } }
        #expect(try await fixture.publish(confirm: true).status == 200)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt
        let today = calendar.dateComponents([.year, .month, .day], from: Date())
        let day = String(format: "%04d-%02d-%02d", today.year ?? 0, today.month ?? 0, today.day ?? 0)
        func hits(_ query: String) async throws -> Int {
            let page = try await fixture.get("/en/archive/search?\(query)")
            #expect(page.status == 200, "\(query)")
            return page.text.components(separatedBy: "/q/").count - 1
        }
        let all = try await hits("q=bpjs")
        #expect(all >= 2)
        #expect(try await hits("q=bpjs&stakeholder=\(fixture.stakeholder)") == all)
        #expect(try await hits("q=bpjs&stakeholder=99999") == 0)
        #expect(try await hits("q=bpjs&from=\(day)&to=\(day)") >= 2, "answered today")
        #expect(try await hits("q=bpjs&from=2999-01-01") == 0)
        #expect(try await hits("q=bpjs&to=2001-01-01") == 0)
        #expect(try await hits("q=bpjs&from=not-a-date&stakeholder=x&page=-3") == all)
        #expect(try await hits("q=%22%29%28*%3A") == 0, "FTS syntax typed as text is just text")
        #expect(try await hits("q=") == 0)
        // One client searching without pause is slowed down: 20 at once, then 2 a second.
        var statuses: [Int] = []
        for _ in 0..<30 { statuses.append(try await fixture.get("/en/archive/search?q=iuran").status) }
        #expect(statuses.contains(429) && statuses.first == 200, "\(statuses)")
    }

    @Test("pages are stored gzip'd: gzip or identity by Accept-Encoding, ETag and Last-Modified answer 304")
    func caching() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { Task { await fixture.app.stop() } }
        #expect(try await fixture.publish(confirm: true).status == 200)
        let path = "/en/archive/\(fixture.slug)"
        let plain = try await fixture.get(path)
        let zipped = try await fixture.get(path, headers: ["Accept-Encoding": "gzip, deflate"])
        #expect(zipped.header("Content-Encoding") == "gzip")
        #expect(try Gzip.decompress(zipped.body) == plain.body)
        #expect(zipped.body.count < plain.body.count)
        #expect(plain.header("Content-Encoding") == nil)
        let etag = try #require(zipped.header("ETag"))
        let modified = try #require(plain.header("Last-Modified"))
        #expect(try await fixture.get(path, headers: ["If-None-Match": etag]).status == 304)
        #expect(try await fixture.get(path, headers: ["If-Modified-Since": modified]).status == 304)
        #expect(try await fixture.get(path, headers: ["If-None-Match": "\"stale\""]).status == 200)
        let head = try await fixture.app.client.send("HEAD", path)
        #expect(head.status == 200 && head.body.isEmpty && head.header("ETag") == plain.header("ETag"))
    }

    @Test("an edited answer re-renders the transcript; unpublishing removes pages, feeds and search entries")
    func rerenderAndWithdraw() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { Task { await fixture.app.stop() } }
        let slug = fixture.slug
        #expect(try await fixture.publish(confirm: true).status == 200)
        let before = try await fixture.get("/en/archive/\(slug)")
        try await fixture.command(
            "answered",
            #""command": "edit_answer", "summary": "Lewat Mobile JKN, pilih menu Aktivasi.", "expectedVersion": 5"#)
        var after = before
        for _ in 0..<100 where !after.text.contains("pilih menu Aktivasi") {
            try await Task.sleep(for: .milliseconds(50))
            after = try await fixture.get("/en/archive/\(slug)")
        }
        #expect(after.text.contains("pilih menu Aktivasi"))
        #expect(after.header("ETag") != before.header("ETag"))
        #expect(try await fixture.get("/archive/\(slug).json").text.contains("pilih menu Aktivasi"))
        #expect(try await fixture.get("/en/archive/search?q=aktivasi").text.contains("<mark>"))

        let unpublished = try await fixture.app.client.json(
            "POST", "/api/v1/sessions/\(slug)/state", #"{"state": "ended"}"#, headers: fixture.app.auth(.moderator))
        #expect(unpublished.status == 200)
        for path in [
            "/en/archive/\(slug)", "/id/archive/\(slug)", "/archive/\(slug)", "/archive/\(slug).json",
            "/archive/\(slug).md", "/archive/\(slug).csv", "/en/archive/\(slug)/by-stakeholder",
            "/en/archive/\(slug)/q/\(fixture.ids["answered"] ?? 0)",
        ] {
            #expect(try await fixture.get(path).status == 404, "\(path)")
        }
        for path in ["/en/archive/feed.atom", "/id/archive", "/en/archive"] {
            let response = try await fixture.get(path)
            #expect(response.status == 200 && !response.text.contains(slug), "\(path)")
        }
        let search = try await fixture.get("/en/archive/search?q=bpjs")
        #expect(!search.text.contains("<mark>") && !search.text.contains("/q/"))

        // Published again, it is all back.
        #expect(try await fixture.publish(confirm: true).status == 200)
        #expect(try await fixture.get("/en/archive/\(slug)").status == 200)
    }
}
