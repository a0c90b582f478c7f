import Foundation
import KetupekCore
import KetupekCrypto
import KetupekHTTP
import KetupekStore

/// The broadcast overlay (opened by a secret per-session link, no login) and public votes.
enum OverlayRoutes {
    static let voterCookie = "ketupek_voter"

    struct OverlayLink: Encodable {
        /// The overlay page's path, key included: shown once, paste it into OBS or vMix as a browser source.
        let path: String
    }

    struct OverlayView: Encodable {
        struct OnAir: Encodable {
            let id: QuestionID
            let text: String
            /// The asker's display name, or "Warga"/"Citizen" in the session's language when anonymous.
            let author: String
            let stakeholder: String?
            let stakeholderShortName: String?
        }
        let onAir: OnAir?
        let language: Language
        /// Follow the session's public event stream after this position.
        let sequence: EventSequence
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.store
        let voteLimiter = RateLimiter(burst: 30, perSecond: 1)
        let files = FileServer(root: URL(fileURLWithPath: context.configuration.publicDirectory))

        routes.add(
            .post, "/api/v1/sessions/{slug}/overlay-link", access: .moderators,
            summary: "Make a new secret overlay link for the session; the previous link stops working",
            tag: "panel", response: "OverlayLink", responses: [201, 401, 403, 404]
        ) { request, _ in
            let slug = try request.requireParameter("slug")
            let key = SecureRandom.token()
            try await store.rotateOverlayKey(of: slug, keyHash: Digest.sha256Hex(key))
            return try Response.json(OverlayLink(path: "/overlay/\(slug)/\(key)"), status: .created)
        }

        routes.add(
            .get, "/api/v1/overlay/{slug}/{key}", access: .everyone,
            summary: "What the overlay shows: the question on air, its asker and the answering stakeholder",
            tag: "panel", response: "OverlayView", responses: [200, 404]
        ) { request, _ in
            let session = try overlaySession(request, store)
            let sequence = try store.latestSequence()
            var onAir: OverlayView.OnAir?
            if let question = try store.onAir(in: session.id) {
                let stakeholder = try question.stakeholderID.flatMap { try store.stakeholder($0) }
                let anonymous = context.localization.catalogue.text("overlay.anonymous", session.language)
                onAir = OverlayView.OnAir(
                    id: question.id, text: question.text, author: question.author.isEmpty ? anonymous : question.author,
                    stakeholder: stakeholder?.name, stakeholderShortName: stakeholder?.shortName)
            }
            var response = try Response.json(OverlayView(onAir: onAir, language: session.language, sequence: sequence))
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        routes.addPlain(.get, "/overlay/{slug}/{key}") { request in
            _ = try overlaySession(request, store)
            var response = try await files.respond(to: request, path: "overlay.html")
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        routes.add(
            .get, "/api/v1/public/sessions/{slug}/questions", access: .everyone,
            summary: "The session's public questions (approved, on air, deferred, answered): on air first, then "
                + "by votes; with the panel's stakeholders. Follow the public event stream after `sequence`.",
            tag: "public", response: "PublicQuestions", responses: [200, 404]
        ) { request, _ in
            struct PublicQuestions: Encodable {
                struct Member: Encodable {
                    let id: StakeholderID
                    let name: String
                    let shortName: String
                }
                let questions: [PublicQuestion]
                let stakeholders: [Member]
                let sequence: EventSequence
            }
            let session = try SessionRoutes.requireSession(request, store)
            guard session.state != .draft else { throw StoreError.notFound("session \(session.slug)") }
            let sequence = try store.latestSequence()
            var questions: [Question] = []
            var cursor: QuestionID?
            for _ in 0..<20 {
                let page = try store.questions(
                    in: session.id, matching: QuestionFilter(states: [.approved, .onAir, .deferred, .answered]),
                    after: cursor, limit: 500)
                questions += page
                cursor = page.last?.id
                if page.count < 500 { break }
            }
            questions.sort { left, right in
                if (left.state == .onAir) != (right.state == .onAir) { return left.state == .onAir }
                if left.votes != right.votes { return left.votes > right.votes }
                return left.id < right.id
            }
            let members = try store.panel(of: session.id).map {
                PublicQuestions.Member(id: $0.id, name: $0.name, shortName: $0.shortName)
            }
            var response = try Response.json(
                PublicQuestions(
                    questions: questions.compactMap(PublicQuestion.init), stakeholders: members, sequence: sequence))
            response.headers.set("Cache-Control", "no-cache")
            return response
        }

        routes.add(
            .post, "/api/v1/public/questions/{id}/vote", access: .everyone,
            summary: "Vote for a public question: one vote per question per client, rate-limited, no login",
            tag: "public", response: "VoteResult", responses: [200, 404, 429]
        ) { request, _ in
            struct VoteResult: Encodable {
                let id: QuestionID
                let votes: Int
                let counted: Bool
            }
            guard let id = QuestionID(parsing: try request.requireParameter("id")) else {
                throw StoreError.notFound("question \(request.parameter("id")?.prefix(20) ?? "")")
            }
            let existing = request.cookie(voterCookie).flatMap { $0.count >= 22 && $0.count <= 64 ? $0 : nil }
            let voter = existing ?? SecureRandom.token()
            guard voteLimiter.allow("address:\(request.remoteAddress)"), voteLimiter.allow("voter:\(voter)") else {
                throw APIError.rateLimited(retryAfterSeconds: 2)
            }
            let (question, counted) = try await store.vote(for: id, voterHash: Digest.sha256Hex(voter))
            var response = try Response.json(VoteResult(id: question.id, votes: question.votes, counted: counted))
            if existing == nil {
                let secure = context.configuration.secureCookies ? "; Secure" : ""
                response.headers.add(
                    "Set-Cookie",
                    "\(voterCookie)=\(voter); Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax\(secure)")
            }
            return response
        }
    }

    /// The session named by `{slug}` if `{key}` is its current overlay key; otherwise 404, the same for both.
    static func overlaySession(_ request: Request, _ store: any EventStore) throws -> Session {
        let slug = try request.requireParameter("slug")
        let key = try request.requireParameter("key")
        guard let session = try store.session(slug: slug), let stored = try store.overlayKeyHash(of: session.id),
            ConstantTime.equals(Array(Digest.sha256Hex(key).utf8), Array(stored.utf8))
        else { throw StoreError.notFound("overlay") }
        return session
    }
}
