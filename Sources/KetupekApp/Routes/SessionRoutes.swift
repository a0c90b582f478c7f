import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// `/api/v1/sessions…`: create, read, change and move sessions between states.
enum SessionRoutes {
    struct SessionList: Encodable {
        let sessions: [Session]
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.store

        routes.add(
            .get, "/api/v1/sessions", access: .staff, summary: "Every session, newest first", tag: "sessions",
            response: "SessionList", responses: [200, 401]
        ) { _, _ in
            try Response.json(SessionList(sessions: try store.sessions()))
        }

        routes.add(
            .post, "/api/v1/sessions", access: .admins, summary: "Create a session (draft)", tag: "sessions",
            request: "SessionDraft", response: "Session", responses: [201, 400, 401, 403, 409, 422]
        ) { request, principal in
            let draft = try request.decodeJSON(SessionDraft.self)
            let session = try await store.createSession(draft, by: try actor(principal))
            context.logger.info("session created", ["session.slug": session.slug])
            return try Response.json(session, status: .created)
        }

        routes.add(
            .get, "/api/v1/sessions/{slug}", access: .staff, summary: "One session with question counts",
            tag: "sessions", response: "SessionDetail", responses: [200, 401, 404]
        ) { request, _ in
            struct Detail: Encodable {
                let session: Session
                let counts: [String: Int]
            }
            let session = try requireSession(request, store)
            let counts = try store.questionCounts(in: session.id)
            return try Response.json(
                Detail(
                    session: session,
                    counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
                ))
        }

        routes.add(
            .patch, "/api/v1/sessions/{slug}", access: .admins, summary: "Change a session's details",
            tag: "sessions", request: "SessionPatch", response: "Session",
            responses: [200, 400, 401, 403, 404, 409, 422]
        ) { request, principal in
            let body = try request.decodeJSON(SessionPatchBody.self)
            let slug = try request.requireParameter("slug")
            return try Response.json(
                try await store.updateSession(
                    slug: slug, with: body.patch, expectedVersion: body.expectedVersion, by: try actor(principal)))
        }

        routes.add(
            .post, "/api/v1/sessions/{slug}/state", access: .moderators,
            summary:
                "Move a session: live, ended, published (and back to ended to unpublish); publishing is refused while public texts look like personal data, unless confirmed",
            tag: "sessions",
            request: "SessionStateChange", response: "Session", responses: [200, 400, 401, 403, 404, 409, 422]
        ) {
            request, principal in
            let body = try request.decodeJSON(StateBody.self)
            let actor = try actor(principal)
            if body.state == .published {
                // The check runs on the texts publishing would make public; the moderator redacts or confirms.
                let current = try requireSession(request, store)
                let findings = try await context.archive.findings(for: current)
                if !findings.isEmpty, body.confirmPersonalData != true { throw APIError.personalData(findings) }
            }
            let session = try await store.changeSessionState(
                slug: try request.requireParameter("slug"), to: body.state, by: actor)
            context.logger.info(
                "session state", ["session.slug": session.slug, "session.state": session.state.rawValue])
            // Publishing and unpublishing take effect before the answer: the pages exist, or are gone.
            try await context.archive.refresh(session.id)
            return try Response.json(session)
        }
    }

    /// The session named by the `{slug}` parameter, or 404.
    static func requireSession(_ request: Request, _ store: any EventStore) throws -> Session {
        let slug = try request.requireParameter("slug")
        guard let session = try store.session(slug: slug) else { throw StoreError.notFound("session \(slug)") }
        return session
    }

    /// The actor of an authorised principal (routes with role access always have one).
    static func actor(_ principal: Principal?) throws -> Actor {
        guard let principal else { throw APIError.unauthenticated }
        return principal.actor
    }
}
