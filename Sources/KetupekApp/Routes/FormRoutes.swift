import Foundation
import KetupekCore
import KetupekCrypto
import KetupekHTTP
import KetupekSources
import KetupekStore

/// The `form` source: the public ask page `/s/{slug}`, its POST, the receipt page `/r/{code}`, and QR codes
/// of the form's link. Server-rendered, no script needed; every page built as `Markup`, so every text is escaped.
enum FormRoutes {
    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.store

        @Sendable func session(_ request: Request) throws -> Session {
            let slug = request.parameter("slug") ?? ""
            guard let session = try store.session(slug: slug), session.state != .draft || session.acceptingQuestions
            else { throw HTTPError.notFound("No such session.") }
            return session
        }

        @Sendable func page(_ html: String, status: HTTPStatus = .ok) -> Response {
            var response = Response.html(html, status: status)
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        @Sendable func accepting(_ session: Session) -> Bool {
            session.acceptingQuestions && (session.state == .draft || session.state == .live)
        }

        routes.addPlain(.get, "/s/{slug}") { request in
            let session = try session(request)
            let language = Localization.language(of: request)
            return page(
                AskPage(
                    language: language, catalogue: context.localization.catalogue, session: session,
                    accepting: accepting(session)
                ).render())
        }

        routes.addPlain(.post, "/s/{slug}/ask") { request in
            let session = try session(request)
            let language = Localization.language(of: request)
            var form = AskPage(
                language: language, catalogue: context.localization.catalogue, session: session,
                accepting: accepting(session))
            guard form.accepting else { return page(form.render(), status: .conflict) }
            guard context.askLimiter.allow(request.remoteAddress) else {
                form.error = "ask.error.rate_limited"
                var response = page(form.render(), status: .tooManyRequests)
                response.headers.set("Retry-After", "30")
                return response
            }
            let fields = try request.formFields()
            func field(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
            form.values = ["question": field("question"), "name": field("name"), "contact": field("contact")]
            let contact = field("contact").trimmingCharacters(in: .whitespacesAndNewlines)
            if !contact.isEmpty && field("consent") != "yes" {
                form.error = "ask.error.consent"
                return page(form.render(), status: .unprocessableContent)
            }
            let comment = IncomingComment(
                source: SourceKind.form.rawValue, externalID: "form-" + Hex.encode(SecureRandom.bytes(count: 12)),
                author: field("name"), contact: contact.isEmpty ? nil : contact, text: field("question"),
                postedAt: context.now())
            do throws(ValidationError) { _ = try comment.validated() } catch {
                form.error = error.field == "text" ? "ask.error.question" : "ask.error.invalid"
                return page(form.render(), status: .unprocessableContent)
            }
            let code = SecureRandom.token(bytes: 18)
            let result = try await context.sourceStore.ingest(
                [comment], into: session.slug, by: Actor(role: nil, userID: nil, name: "form"),
                commit: SourceCommit(sourceID: nil, receiptHashes: [Digest.sha256Hex(code)]))
            context.ingested.created.increment(by: result.outcomes.count)
            context.metrics.counter(
                "ketupek_source_deliveries_total", help: "Push deliveries, by kind and outcome.",
                labels: ["kind": "form", "outcome": "accepted"]
            ).increment()
            var response = Response(status: .seeOther)
            // The receipt speaks the language the form was asked in.
            let choice = request.query("lang").flatMap(Language.init(rawValue:)).map { "?lang=\($0.rawValue)" } ?? ""
            response.headers.set("Location", "/r/\(code)\(choice)")
            return response
        }

        routes.addPlain(.get, "/r/{code}") { request in
            let language = Localization.language(of: request)
            let code = request.parameter("code") ?? ""
            guard code.utf8.count <= 64, let id = try context.sourceStore.receipt(codeHash: Digest.sha256Hex(code)),
                let question = try store.question(id),
                let session = try store.sessions().first(where: { $0.id == question.sessionID })
            else {
                return page(
                    ReceiptPage(
                        language: language, catalogue: context.localization.catalogue, code: nil,
                        question: nil, session: nil, answer: nil
                    ).render(), status: .notFound)
            }
            // The answer's summary, once one is recorded.
            let answer = question.state == .answered ? question.answer?.summary : nil
            return page(
                ReceiptPage(
                    language: language, catalogue: context.localization.catalogue, code: code,
                    question: question, session: session, answer: answer
                ).render())
        }

        routes.addPlain(.get, "/admin/sources/{slug}") { request in
            let slug = request.parameter("slug") ?? ""
            guard let session = try store.session(slug: slug) else { throw HTTPError.notFound("No such session.") }
            return page(
                SourcesPage(
                    language: Localization.language(of: request), catalogue: context.localization.catalogue,
                    session: session
                ).render())
        }

        routes.addPlain(.get, "/s/{slug}/qr.svg") { request in
            let session = try session(request)
            guard let code = QRCode(formURL(request, session, context.configuration)) else {
                throw HTTPError.notFound()
            }
            var response = Response(status: .ok, body: .bytes(Array(code.svg().utf8)))
            response.headers.set("Content-Type", "image/svg+xml")
            response.headers.set("Cache-Control", "public, max-age=300")
            return response
        }

        routes.addPlain(.get, "/s/{slug}/qr.png") { request in
            let session = try session(request)
            guard let code = QRCode(formURL(request, session, context.configuration)) else {
                throw HTTPError.notFound()
            }
            var response = Response(status: .ok, body: .bytes(code.png()))
            response.headers.set("Content-Type", "image/png")
            response.headers.set("Cache-Control", "public, max-age=300")
            return response
        }
    }

    /// The absolute link to the session's form, from the request's `Host` (when it is a plain host name).
    static func formURL(_ request: Request, _ session: Session, _ configuration: Configuration) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        let host =
            request.headers["Host"].flatMap { $0.allSatisfy(allowed.contains) && !$0.isEmpty ? $0 : nil }
            ?? "\(configuration.host):\(configuration.port)"
        let slug = session.slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? session.slug
        return "http://\(host)/s/\(slug)"
    }
}
