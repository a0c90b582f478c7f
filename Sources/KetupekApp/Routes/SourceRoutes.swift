import Foundation
import KetupekCore
import KetupekCrypto
import KetupekHTTP
import KetupekSources
import KetupekStore

/// `/api/v1/…/sources`: admins add, configure, start and stop the comment sources of a session.
enum SourceRoutes {
    /// A source as the API shows it: credentials are never shown back, only whether they are set.
    struct SourceView: Encodable {
        struct Counters: Encodable {
            let ingested: Int
            let duplicates: Int
            let retracted: Int
        }
        let id: Int64
        let session: String
        let kind: String
        let name: String
        let settings: [String: String]
        let enabled: Bool
        let state: String
        let lastError: String?
        let checkpoint: String?
        let counters: Counters
        let notes: [String: String]
        /// Only in the answer that created a push source: its secret URL path, shown once.
        let hookPath: String?
        let createdAt: Date
        let updatedAt: Date
    }

    struct SourceList: Encodable {
        let sources: [SourceView]
    }

    struct CreateBody: Decodable {
        let kind: String
        let name: String?
        let settings: [String: String]?
    }

    struct PatchBody: Decodable {
        let name: String?
        /// Keys to set; an empty string removes the key.
        let settings: [String: String]?
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.sourceStore
        let supervisor = context.supervisor

        @Sendable func view(_ record: SourceRecord, hookPath: String? = nil) async throws -> SourceView {
            let slug = try context.store.sessions().first { $0.id == record.sessionID }?.slug ?? ""
            let runtime = await supervisor.runtime(record.id)
            return SourceView(
                id: record.id, session: slug, kind: record.kind, name: record.name,
                settings: SourceSettings(record.settings).redacted, enabled: record.enabled, state: record.state,
                lastError: record.lastError, checkpoint: record.checkpoint,
                counters: .init(
                    ingested: record.ingested, duplicates: record.duplicates,
                    retracted: runtime?.retracted ?? 0),
                notes: runtime?.notes ?? [:], hookPath: hookPath, createdAt: record.createdAt,
                updatedAt: record.updatedAt)
        }

        @Sendable func requireSource(_ request: Request) throws -> SourceRecord {
            let raw = try request.requireParameter("id")
            guard let id = Int64(raw), let record = try store.source(id) else {
                throw StoreError.notFound("source \(raw)")
            }
            return record
        }

        routes.add(
            .get, "/api/v1/sessions/{slug}/sources", access: .admins, summary: "The session's comment sources",
            tag: "sources", response: "SourceList", responses: [200, 401, 403, 404]
        ) { request, _ in
            let session = try SessionRoutes.requireSession(request, context.store)
            var views: [SourceView] = []
            for record in try store.sources(in: session.id) { views.append(try await view(record)) }
            return try Response.json(SourceList(sources: views))
        }

        routes.add(
            .post, "/api/v1/sessions/{slug}/sources", access: .admins,
            summary: "Add a source (idle until started); a push source's secret URL is shown once",
            tag: "sources", request: "SourceCreate", response: "Source",
            responses: [201, 400, 401, 403, 404, 422]
        ) { request, _ in
            let body = try request.decodeJSON(CreateBody.self)
            guard let kind = SourceKind(rawValue: body.kind) else {
                throw APIError.invalid(
                    field: "kind",
                    message: "one of "
                        + SourceKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let settings = SourceSettings(body.settings ?? [:])
            try settings.validate(for: kind)
            let session = try SessionRoutes.requireSession(request, context.store)
            var secret: String?
            if kind == .webhook || kind == .whatsapp { secret = SecureRandom.token(bytes: 24) }
            let record = try await store.createSource(
                NewSource(
                    kind: kind.rawValue, name: body.name ?? kind.rawValue, settings: settings.values,
                    secretHash: secret.map(Digest.sha256Hex)),
                in: session.slug)
            context.logger.info(
                "source added",
                [
                    "session.slug": session.slug, "source.id": String(record.id),
                    "source.kind": kind.rawValue,
                ])
            let path = secret.map { kind == .whatsapp ? "/hooks/whatsapp/\($0)" : "/hooks/\($0)" }
            return try Response.json(try await view(record, hookPath: path), status: .created)
        }

        routes.add(
            .patch, "/api/v1/sources/{id}", access: .admins,
            summary: "Rename or reconfigure a source (a running pull source restarts with the new settings)",
            tag: "sources", request: "SourcePatch", response: "Source",
            responses: [200, 400, 401, 403, 404, 422]
        ) { request, _ in
            let record = try requireSource(request)
            let body = try request.decodeJSON(PatchBody.self)
            var settings = record.settings
            for (key, value) in body.settings ?? [:] { settings[key] = value.isEmpty ? nil : value }
            let kind = SourceKind(rawValue: record.kind) ?? .webhook
            try SourceSettings(settings).validate(for: kind)
            let updated = try await store.updateSource(record.id, name: body.name, settings: settings)
            if kind.pulls, await supervisor.isRunning(record.id) {
                await supervisor.halt(record.id)
                await supervisor.launch(record.id)
            }
            return try Response.json(try await view(updated))
        }

        routes.add(
            .delete, "/api/v1/sources/{id}", access: .admins, summary: "Remove a source (its questions stay)",
            tag: "sources", responses: [204, 401, 403, 404]
        ) { request, _ in
            let record = try requireSource(request)
            await supervisor.halt(record.id)
            try await store.deleteSource(record.id)
            context.logger.info("source removed", ["source.id": String(record.id)])
            return .empty()
        }

        routes.add(
            .post, "/api/v1/sources/{id}/start", access: .admins,
            summary: "Start a source: a pull source runs from its checkpoint, a push source accepts deliveries",
            tag: "sources", response: "Source", responses: [200, 401, 403, 404]
        ) { request, _ in
            let record = try requireSource(request)
            let kind = SourceKind(rawValue: record.kind)
            var updated = try await store.setSourceEnabled(record.id, true, state: "running")
            if kind?.pulls == true {
                await supervisor.launch(record.id)
                updated = try store.source(record.id) ?? updated
            }
            context.logger.info("source started", ["source.id": String(record.id)])
            return try Response.json(try await view(updated))
        }

        routes.add(
            .post, "/api/v1/sources/{id}/stop", access: .admins,
            summary: "Stop a source; it keeps its checkpoint", tag: "sources", response: "Source",
            responses: [200, 401, 403, 404]
        ) { request, _ in
            let record = try requireSource(request)
            await supervisor.halt(record.id)
            let updated = try await store.setSourceEnabled(record.id, false, state: "stopped")
            context.logger.info("source stopped", ["source.id": String(record.id)])
            return try Response.json(try await view(updated))
        }
    }
}
