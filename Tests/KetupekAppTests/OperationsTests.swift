import Foundation
import KetupekApp
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("Operations, pages and the API description")
struct OperationsTests {
    @Test("the OpenAPI document lists every API route with its methods, and nothing else")
    func openAPI() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        let response = try await app.client.send("GET", "/api/v1/openapi.json")
        #expect(response.status == 200)
        let paths = try #require(response.json["paths"] as? [String: [String: Any]])
        let expected: [String: Set<String>] = [
            "/api/v1/auth/login": ["post"], "/api/v1/auth/logout": ["post"], "/api/v1/auth/me": ["get", "patch"],
            "/api/v1/sessions": ["get", "post"], "/api/v1/sessions/{slug}": ["get", "patch"],
            "/api/v1/sessions/{slug}/state": ["post"], "/api/v1/sessions/{slug}/archive/check": ["get"],
            "/api/v1/sessions/{slug}/comments": ["post"],
            "/api/v1/sessions/{slug}/questions": ["get"], "/api/v1/questions/{id}": ["get"],
            "/api/v1/questions/{id}/commands": ["post"], "/api/v1/sessions/{slug}/commands": ["post"],
            "/api/v1/sessions/{slug}/events": ["get"], "/healthz": ["get"], "/metrics": ["get"],
            "/api/v1/openapi.json": ["get"],
            "/api/v1/stakeholders": ["get", "post"], "/api/v1/stakeholders/{id}": ["patch"],
            "/api/v1/sessions/{slug}/panel": ["get", "put"], "/api/v1/sessions/{slug}/overlay-link": ["post"],
            "/api/v1/overlay/{slug}/{key}": ["get"], "/api/v1/public/questions/{id}/vote": ["post"],
            "/api/v1/public/sessions/{slug}/questions": ["get"], "/api/v1/rules": ["get", "put"],
            "/api/v1/sessions/{slug}/rules": ["get", "put"],
            "/api/v1/sessions/{slug}/sources": ["get", "post"], "/api/v1/sources/{id}": ["patch", "delete"],
            "/api/v1/sources/{id}/start": ["post"], "/api/v1/sources/{id}/stop": ["post"],
            "/hooks/{secret}": ["post"], "/hooks/whatsapp/{secret}": ["get", "post"],
        ]
        #expect(Set(paths.keys) == Set(expected.keys))
        for (path, methods) in expected { #expect(Set(paths[path]?.keys ?? [:].keys) == methods, "\(path)") }
        // Every documented operation answers (not 404/405) on the live server.
        for (path, operations) in paths {
            for method in operations.keys {
                let concrete = path.replacingOccurrences(of: "{slug}", with: "x").replacingOccurrences(
                    of: "{id}", with: "1"
                )
                .replacingOccurrences(of: "{secret}", with: "x")
                let answer = try await app.client.send(method.uppercased(), concrete, headers: ["X-Probe": "1"])
                #expect(answer.status != 405, "\(method) \(path)")
                if !path.contains("{") { #expect(answer.status != 404, "\(method) \(path)") }
            }
        }
    }

    @Test("metrics are in the Prometheus text format and count requests, ingest and commits")
    func metrics() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        _ = try await app.ingest(externalID: "m1")
        let text = try await app.client.send("GET", "/metrics").text
        for name in [
            "ketupek_http_requests_total", "ketupek_ingest_comments_total{outcome=\"created\"} 1",
            "ketupek_store_commit_batch_size_bucket", "ketupek_store_commit_seconds_count",
            "ketupek_http_open_streams", "# TYPE ketupek_http_request_duration_seconds histogram",
        ] {
            #expect(text.contains(name), "\(name)")
        }
    }

    @Test("the landing page lists sessions, escapes their texts and speaks the chosen language")
    func landing() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        _ = try await app.client.json(
            "POST", "/api/v1/sessions",
            #"{"slug": "xss", "title": "<script>alert(1)</script> & <b>bold</b>"}"#,
            headers: app.auth(.admin))
        _ = try await app.client.json(
            "POST", "/api/v1/sessions/xss/state", #"{"state": "live"}"#, headers: app.auth(.admin))
        let page = try await app.client.send("GET", "/", headers: ["Accept-Language": "en-GB,en;q=0.9"])
        #expect(page.status == 200)
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"))
        #expect(!page.text.contains("<script>alert"))
        #expect(!page.text.contains("<script>\n"), "no inline script")
        #expect(page.text.contains("<html lang=\"en\">") && page.text.contains("Live now"))
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        let indonesian = try await app.client.send("GET", "/?lang=id", headers: ["Accept-Language": "en"])
        #expect(indonesian.text.contains("<html lang=\"id\">") && indonesian.text.contains("Sedang siaran"))
        #expect(indonesian.headers["set-cookie"]?.contains { $0.hasPrefix("ketupek_lang=id") } == true)
        #expect(try await app.client.send("GET", "/css/site.css").header("Content-Type")?.hasPrefix("text/css") == true)
        #expect(try await app.client.send("GET", "/js/home.js").header("Content-Type")?.contains("javascript") == true)
        #expect(try await app.client.send("GET", "/css/%2e%2e/%2e%2e/Package.swift").status == 404)
    }

    @Test("both message catalogues have the same keys, and the screens can load them")
    func catalogues() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        let english = try await app.client.send("GET", "/i18n/en.json").json
        let indonesian = try await app.client.send("GET", "/i18n/id.json").json
        #expect(!english.isEmpty)
        #expect(Set(english.keys) == Set(indonesian.keys))
        #expect(english.values.allSatisfy { ($0 as? String)?.isEmpty == false })
        #expect(indonesian.values.allSatisfy { ($0 as? String)?.isEmpty == false })
        #expect(try await app.client.send("GET", "/i18n/fr.json").status == 404)
    }
}
