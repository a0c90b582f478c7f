import Foundation
import KetupekCore
import KetupekCrypto
import KetupekHTTP
import KetupekSources
import KetupekStore
import KetupekTelemetry

/// Push sources: `POST /hooks/{secret}` (generic webhook, optionally Standard Webhooks signed) and
/// `GET, POST /hooks/whatsapp/{secret}` (WhatsApp Business Cloud API). Every refusal is counted in
/// `ketupek_source_deliveries_total{kind, outcome}` and writes nothing; a 2xx is sent only after the commit.
enum HookRoutes {
    /// Larger deliveries are refused with 413 (Standard Webhooks recommends payloads under ~20 KB).
    static let maxBodyBytes = 256 * 1024

    struct Accepted: Encodable {
        let created: Int
        let duplicates: Int
        /// The delivery id was seen before: nothing was ingested again.
        let duplicateDelivery: Bool
    }

    /// Refusals of a push delivery.
    enum Refusal: Error, Sendable, Equatable {
        case unknownSecret
        case stopped
        case tooLarge
        case unsigned(String)
        case badTimestamp(String)
        case forbidden
        case malformed(String)
        case invalid(String)
        case notAccepting

        var outcome: String {
            switch self {
            case .unknownSecret: "unknown_secret"
            case .stopped: "stopped"
            case .tooLarge: "too_large"
            case .unsigned(let code), .badTimestamp(let code): code
            case .forbidden: "bad_verify_token"
            case .malformed: "malformed"
            case .invalid: "invalid"
            case .notAccepting: "not_accepting"
            }
        }

        var http: HTTPError {
            switch self {
            case .unknownSecret: HTTPError.notFound()
            case .stopped:
                HTTPError(
                    .serviceUnavailable, code: "source_stopped",
                    message: "This source is stopped; deliver again later.", headers: ["Retry-After": "60"])
            case .tooLarge: HTTPError.bodyTooLarge(limit: HookRoutes.maxBodyBytes)
            case .unsigned(let code):
                HTTPError(.unauthorized, code: code, message: "The delivery's signature is missing or wrong.")
            case .badTimestamp(let code):
                HTTPError(
                    .unauthorized, code: code,
                    message: "webhook-timestamp is not a Unix time within 5 minutes of now.")
            case .forbidden: HTTPError(.forbidden, code: "forbidden", message: "Wrong verify token or mode.")
            case .malformed(let message): HTTPError.badRequest(message, code: "malformed")
            case .invalid(let message): HTTPError(.unprocessableContent, code: "invalid", message: message)
            case .notAccepting:
                HTTPError(.conflict, code: "not_accepting", message: "The session does not accept questions now.")
            }
        }
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.sourceStore

        @Sendable func count(_ kind: SourceKind, _ outcome: String) {
            context.metrics.counter(
                "ketupek_source_deliveries_total", help: "Push deliveries, by kind and outcome.",
                labels: ["kind": kind.rawValue, "outcome": outcome]
            ).increment()
        }

        /// The enabled push source of `kind` behind the URL secret, or a refusal.
        /// A store failure is not a refusal: it propagates and becomes a 500 with a request id.
        @Sendable func source(_ request: Request, _ kind: SourceKind) throws -> SourceRecord {
            guard let secret = request.parameter("secret"), secret.utf8.count <= 100,
                let record = try store.source(secretHash: Digest.sha256Hex(secret)), record.kind == kind.rawValue
            else { throw Refusal.unknownSecret }
            guard record.enabled else { throw Refusal.stopped }
            return record
        }

        /// Stores `comments` with the delivery id, all or nothing; answers only after the commit.
        @Sendable func ingest(
            _ comments: [IncomingComment], _ record: SourceRecord, kind: SourceKind,
            delivery: String?
        ) async throws -> Response {
            for (index, comment) in comments.enumerated() {
                do throws(ValidationError) { _ = try comment.validated() } catch {
                    throw Refusal.invalid("comments[\(index)].\(error.field): \(error.message)")
                }
            }
            guard let session = try context.store.sessions().first(where: { $0.id == record.sessionID }) else {
                throw Refusal.unknownSecret
            }
            guard
                comments.isEmpty || (session.acceptingQuestions && (session.state == .draft || session.state == .live))
            else { throw Refusal.notAccepting }
            let result = try await store.ingest(
                comments, into: session.slug,
                by: Actor(role: .integration, userID: nil, name: "source \(record.id) \(kind.rawValue)"),
                commit: SourceCommit(sourceID: record.id, deliveryID: delivery))
            var created = 0
            var duplicates = 0
            for case .stored(_, let isNew) in result.outcomes { if isNew { created += 1 } else { duplicates += 1 } }
            context.ingested.created.increment(by: created)
            context.ingested.duplicate.increment(by: duplicates)
            count(kind, result.duplicateDelivery ? "duplicate_delivery" : "accepted")
            return try Response.json(
                Accepted(
                    created: created, duplicates: duplicates,
                    duplicateDelivery: result.duplicateDelivery))
        }

        /// Runs a hook handler, counting and mapping its refusals.
        @Sendable func guarded(_ kind: SourceKind, _ body: () async throws -> Response) async throws -> Response {
            do { return try await body() } catch let refusal as Refusal {
                count(kind, refusal.outcome)
                throw refusal.http
            }
        }

        routes.add(
            .post, "/hooks/{secret}", access: .everyone,
            summary: "Generic webhook: one comment, an array or {\"comments\": [...]}, or a Standard Webhooks "
                + "comment.created envelope; signed when the source has a signing secret; deduplicated on webhook-id",
            tag: "hooks", request: "IngestRequest", response: "HookAccepted",
            responses: [200, 400, 401, 404, 409, 413, 422, 503]
        ) { request, _ in
            try await guarded(.webhook) {
                let record = try source(request, .webhook)
                guard request.body.count <= maxBodyBytes else { throw Refusal.tooLarge }
                let delivery = request.headers["webhook-id"]
                if let secret = record.settings["signingSecret"], !secret.isEmpty {
                    let verifier = try StandardWebhookVerifier(secret: secret)
                    do throws(StandardWebhookVerifier.Failure) {
                        _ = try verifier.verify(
                            id: delivery, timestamp: request.headers["webhook-timestamp"],
                            signature: request.headers["webhook-signature"], body: request.body, now: context.now())
                    } catch {
                        switch error {
                        case .badTimestamp, .stale: throw Refusal.badTimestamp(error.code)
                        case .missingHeaders, .badSignature: throw Refusal.unsigned(error.code)
                        }
                    }
                }
                let comments: [IncomingComment]
                do throws(WebhookPayload.Failure) {
                    comments = try WebhookPayload.comments(in: request.body, source: SourceKind.webhook.rawValue)
                } catch {
                    guard case .malformed(let message) = error else { throw Refusal.malformed("malformed") }
                    throw Refusal.malformed(message)
                }
                return try await ingest(
                    comments, record, kind: .webhook, delivery: delivery.flatMap { $0.isEmpty ? nil : $0 })
            }
        }

        routes.add(
            .get, "/hooks/whatsapp/{secret}", access: .everyone,
            summary: "WhatsApp verification handshake: answers hub.challenge when hub.verify_token matches",
            tag: "hooks", responses: [200, 403, 404]
        ) { request, _ in
            try await guarded(.whatsapp) {
                let record = try source(request, .whatsapp)
                guard
                    let answer = WhatsAppWebhook.challenge(
                        mode: request.query("hub.mode"), token: request.query("hub.verify_token"),
                        challenge: request.query("hub.challenge"), verifyToken: record.settings["verifyToken"] ?? "")
                else { throw Refusal.forbidden }
                count(.whatsapp, "verified")
                return Response.text(answer)
            }
        }

        routes.add(
            .post, "/hooks/whatsapp/{secret}", access: .everyone,
            summary: "WhatsApp Business Cloud API deliveries (X-Hub-Signature-256 over the raw body); text "
                + "messages become questions, statuses are ignored, redeliveries deduplicated by message id",
            tag: "hooks", response: "HookAccepted", responses: [200, 400, 401, 404, 409, 413, 422, 503]
        ) { request, _ in
            try await guarded(.whatsapp) {
                let record = try source(request, .whatsapp)
                guard request.body.count <= maxBodyBytes else { throw Refusal.tooLarge }
                do throws(WhatsAppWebhook.Failure) {
                    try WhatsAppWebhook.verify(
                        signature: request.headers["X-Hub-Signature-256"], body: request.body,
                        appSecret: record.settings["appSecret"] ?? "")
                } catch {
                    throw Refusal.unsigned(error.code)
                }
                let comments: [IncomingComment]
                do { comments = try WhatsAppWebhook.comments(in: request.body) } catch {
                    throw Refusal.malformed("not a WhatsApp delivery")
                }
                return try await ingest(comments, record, kind: .whatsapp, delivery: nil)
            }
        }
    }
}
