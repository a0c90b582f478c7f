import Foundation
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("Accounts and access")
struct AuthTests {
    @Test("a missing credential is refused exactly like a wrong one")
    func missingLikeWrong() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        let missing = try await app.client.send("GET", "/api/v1/sessions")
        let wrongBearer = try await app.client.send(
            "GET", "/api/v1/sessions", headers: ["Authorization": "Bearer nope"])
        let wrongScheme = try await app.client.send("GET", "/api/v1/sessions", headers: ["Authorization": "Basic eDp5"])
        let wrongCookie = try await app.client.send(
            "GET", "/api/v1/sessions", headers: ["Cookie": "ketupek_session=forged"])
        for response in [missing, wrongBearer, wrongScheme, wrongCookie] {
            #expect(response.status == 401)
            #expect(response.errorCode == "unauthenticated")
            #expect(
                (response.json["error"] as? [String: Any])?["message"] as? String
                    == (missing.json["error"] as? [String: Any])?["message"] as? String)
        }
    }

    @Test("each route admits only its roles")
    func roles() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        let draft = #"{"slug": "only-admins", "title": "x"}"#
        #expect(
            try await app.client.json("POST", "/api/v1/sessions", draft, headers: app.auth(.moderator)).status == 403)
        #expect(
            try await app.client.json("POST", "/api/v1/sessions", draft, headers: app.auth(.integration)).status == 403)
        #expect(try await app.client.json("POST", "/api/v1/sessions", draft, headers: app.auth(.admin)).status == 201)
        #expect(try await app.client.send("GET", "/api/v1/sessions", headers: app.auth(.integration)).status == 403)
        #expect(try await app.client.send("GET", "/api/v1/sessions", headers: app.auth(.moderator)).status == 200)
    }

    @Test("login sets an HttpOnly SameSite cookie; state changes need the CSRF token; logout ends it")
    func cookieLogin() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        let wrong = try await app.client.json(
            "POST", "/api/v1/auth/login", #"{"username": "panel", "password": "wrong-password"}"#)
        #expect(wrong.status == 401)
        #expect(wrong.errorCode == "bad_login")
        let unknown = try await app.client.json(
            "POST", "/api/v1/auth/login", #"{"username": "nobody", "password": "whatever-1"}"#)
        #expect(unknown.status == 401 && unknown.errorCode == "bad_login")

        let login = try await app.client.json(
            "POST", "/api/v1/auth/login", #"{"username": "panel", "password": "panel-password-1"}"#)
        #expect(login.status == 200)
        let cookies = login.headers["set-cookie"] ?? []
        let session = try #require(cookies.first { $0.hasPrefix("ketupek_session=") })
        #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict"))
        let token = String(session.split(separator: ";")[0].dropFirst("ketupek_session=".count))
        #expect(token.count >= 22, "at least 128 bits")
        let csrf = try #require(login.json["csrfToken"] as? String)
        let cookie = ["Cookie": "ketupek_session=\(token)"]

        let me = try await app.client.send("GET", "/api/v1/auth/me", headers: cookie)
        #expect(me.status == 200 && me.json["role"] as? String == "stakeholder")
        // A stakeholder may read sessions but not change their state; first the CSRF check, then the role.
        #expect(try await app.client.send("GET", "/api/v1/sessions", headers: cookie).status == 200)
        let noCSRF = try await app.client.send("POST", "/api/v1/auth/logout", headers: cookie)
        #expect(noCSRF.status == 403 && noCSRF.errorCode == "csrf")
        let badCSRF = try await app.client.send(
            "POST", "/api/v1/auth/logout", headers: cookie.merging(["X-CSRF-Token": "x"]) { $1 })
        #expect(badCSRF.errorCode == "csrf")
        let logout = try await app.client.send(
            "POST", "/api/v1/auth/logout", headers: cookie.merging(["X-CSRF-Token": csrf]) { $1 })
        #expect(logout.status == 204)
        #expect(try await app.client.send("GET", "/api/v1/auth/me", headers: cookie).status == 401)
    }

    @Test("tokens and passwords never reach the log")
    func nothingSecretLogged() async throws {
        let app = try await TestApplication()
        defer { Task { await app.stop() } }
        _ = try await app.client.json(
            "POST", "/api/v1/auth/login", #"{"username": "panel", "password": "panel-password-1"}"#)
        _ = try await app.client.send("GET", "/api/v1/sessions", headers: app.auth(.admin))
        let text = app.logs.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!text.contains("panel-password-1"))
        for token in app.tokens.values { #expect(!text.contains(token)) }
    }
}
