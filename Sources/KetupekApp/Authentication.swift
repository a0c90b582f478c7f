import Foundation
import KetupekCore
import KetupekCrypto
import KetupekHTTP
import KetupekStore

/// Who is calling, as established from the request's credential.
struct Principal: Sendable {
    enum Credential: Sendable {
        /// A browser's login cookie; state-changing requests must echo the login's CSRF token.
        case cookie(Login)
        /// `Authorization: Bearer …`: not sent by browsers on their own, so no CSRF check is needed.
        case bearer(APIToken)
    }

    let actor: Actor
    let credential: Credential
    var role: Role { actor.role ?? .integration }
    var user: User?
}

/// Who may call a route.
enum Access: Sendable {
    /// Anyone, credential or not (the credential is still read, to pick a view).
    case everyone
    /// Only these roles; a missing credential is refused exactly like a wrong one.
    case roles(Set<Role>)

    static let staff = Access.roles(Role.staff)
    static let moderators = Access.roles([.admin, .moderator])
    static let admins = Access.roles([.admin])
}

/// Resolves credentials and enforces a route's access rule, CSRF included.
struct Authenticator: Sendable {
    static let sessionCookie = "ketupek_session"
    static let csrfCookie = "ketupek_csrf"
    static let csrfHeader = "X-CSRF-Token"

    let store: any EventStore
    let now: @Sendable () -> Date

    /// The principal of `request`, or `nil` when it carries no valid credential.
    /// A bearer token takes precedence over a cookie.
    func principal(of request: Request) throws -> Principal? {
        if let authorization = request.headers["Authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            guard let token = try store.apiToken(hash: Digest.sha256Hex(String(parts[1]))) else { return nil }
            return Principal(
                actor: Actor(role: token.role, userID: nil, name: "token:\(token.name)"), credential: .bearer(token)
            )
        }
        guard let cookie = request.cookie(Self.sessionCookie), !cookie.isEmpty,
            let login = try store.login(tokenHash: Digest.sha256Hex(cookie), at: now()),
            let user = try store.user(login.userID)
        else { return nil }
        return Principal(
            actor: user.actor, credential: .cookie(login), user: user
        )
    }

    /// The principal allowed by `access`, or the refusal: 401 for no or a bad credential, 403 for a role
    /// that may not, 403 for a cookie request that changes state without the CSRF token.
    func authorize(_ request: Request, _ access: Access) throws -> Principal? {
        let principal = try self.principal(of: request)
        guard case .roles(let roles) = access else { return principal }
        guard let principal else { throw APIError.unauthenticated }
        guard roles.contains(principal.role) else { throw APIError.forbidden }
        if case .cookie(let login) = principal.credential, !request.method.isSafe {
            let sent = request.headers[Self.csrfHeader] ?? ""
            guard ConstantTime.equals(Array(sent.utf8), Array(login.csrfToken.utf8)) else { throw APIError.csrf }
        }
        return principal
    }
}

extension HTTPMethod {
    /// GET, HEAD and OPTIONS change nothing.
    var isSafe: Bool { self == .get || self == .head || self == .options }
}
