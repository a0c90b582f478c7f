import Foundation
import KetupekCore
import KetupekCrypto
import KetupekHTTP
import KetupekStore

/// `/api/v1/auth/…`: cookie logins for the staff screens.
enum AuthRoutes {
    /// A hash to verify against when the username is unknown, so both cases take the same time.
    static let decoyHash: String = (try? PasswordHasher().hash(SecureRandom.token())) ?? ""

    struct LoginResponse: Encodable {
        let user: User
        let csrfToken: String
        let expiresAt: Date
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        routes.add(
            .post, "/api/v1/auth/login", access: .everyone, summary: "Sign in; sets the session cookie",
            tag: "auth", request: "Login", response: "LoginResult", responses: [200, 400, 401, 422, 429]
        ) { request, _ in
            let body = try request.decodeJSON(LoginBody.self)
            guard context.loginLimiter.allow("address:\(request.remoteAddress)"),
                context.loginLimiter.allow("user:\(body.username.lowercased())")
            else { throw APIError.rateLimited(retryAfterSeconds: 5) }
            let stored = try context.store.user(named: body.username)
            // Verify even for an unknown user, so response time does not tell which usernames exist.
            let verified = PasswordHasher().verify(body.password, against: stored?.passwordHash ?? decoyHash)
            guard let stored, verified else {
                context.logger.notice("login refused", ["auth.username.length": String(body.username.count)])
                throw APIError.badLogin
            }
            let token = SecureRandom.token()
            let csrf = SecureRandom.token()
            let now = context.now()
            let expires = now.addingTimeInterval(Double(context.configuration.loginHours) * 3_600)
            try await context.store.createLogin(
                Login(
                    tokenHash: Digest.sha256Hex(token), userID: stored.user.id, csrfToken: csrf, createdAt: now,
                    expiresAt: expires
                ))
            context.logger.info("login", ["user.id": stored.user.id.description])
            var response = try Response.json(LoginResponse(user: stored.user, csrfToken: csrf, expiresAt: expires))
            let maxAge = context.configuration.loginHours * 3_600
            let secure = context.configuration.secureCookies ? "; Secure" : ""
            response.headers.add(
                "Set-Cookie",
                "\(Authenticator.sessionCookie)=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict\(secure)"
            )
            response.headers.add(
                "Set-Cookie", "\(Authenticator.csrfCookie)=\(csrf); Path=/; Max-Age=\(maxAge); SameSite=Strict\(secure)"
            )
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        routes.add(
            .post, "/api/v1/auth/logout", access: .staff, summary: "Sign out; ends the cookie session",
            tag: "auth", responses: [204, 401, 403]
        ) { request, principal in
            if case .cookie(let login)? = principal?.credential {
                try await context.store.deleteLogin(tokenHash: login.tokenHash)
            }
            var response = Response.empty()
            response.headers.add(
                "Set-Cookie", "\(Authenticator.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
            response.headers.add("Set-Cookie", "\(Authenticator.csrfCookie)=; Path=/; Max-Age=0; SameSite=Strict")
            return response
        }

        routes.add(
            .get, "/api/v1/auth/me", access: .roles(Set(Role.allCases)), summary: "The signed-in user or token",
            tag: "auth", response: "Me", responses: [200, 401]
        ) { _, principal in
            struct Me: Encodable {
                let role: Role
                let name: String
                let user: User?
                let csrfToken: String?
            }
            guard let principal else { throw APIError.unauthenticated }
            var csrf: String?
            if case .cookie(let login) = principal.credential { csrf = login.csrfToken }
            return try Response.json(
                Me(
                    role: principal.role, name: principal.actor.name, user: principal.user,
                    csrfToken: csrf))
        }

        routes.add(
            .patch, "/api/v1/auth/me", access: .staff,
            summary: "Remember the signed-in user's language (id, en or null)",
            tag: "auth", request: "MePatch", response: "User", responses: [200, 400, 401, 403, 422]
        ) { request, principal in
            struct Patch: Decodable { let language: Language? }
            guard let user = principal?.user else {
                throw APIError.invalid(field: "user", message: "only a signed-in user has a language to remember")
            }
            let patch = try request.decodeJSON(Patch.self)
            return try Response.json(try await context.store.setLanguage(patch.language, for: user.id))
        }
    }
}
