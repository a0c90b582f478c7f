import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// Stakeholders, who sits on a session's panel, and each stakeholder's queue.
enum PanelRoutes {
    struct StakeholderList: Encodable {
        let stakeholders: [Stakeholder]
    }

    struct PanelBody: Decodable {
        let stakeholderIDs: [StakeholderID]
    }

    struct Queue: Encodable {
        let stakeholder: Stakeholder
        let questions: [Question]
    }

    struct PanelView: Encodable {
        let stakeholders: [Stakeholder]
        let onAir: Question?
        let queues: [Queue]
        /// Open the event stream after this position.
        let sequence: EventSequence
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.store

        routes.add(
            .get, "/api/v1/stakeholders", access: .staff, summary: "Every stakeholder, by name",
            tag: "panel", response: "StakeholderList", responses: [200, 401]
        ) { _, _ in
            try Response.json(StakeholderList(stakeholders: try store.stakeholders()))
        }

        routes.add(
            .post, "/api/v1/stakeholders", access: .admins, summary: "Create a stakeholder (agency or person)",
            tag: "panel", request: "StakeholderDraft", response: "Stakeholder",
            responses: [201, 401, 403]
        ) { request, _ in
            let stakeholder = try await store.createStakeholder(try request.decodeJSON(StakeholderDraft.self))
            return try Response.json(stakeholder, status: .created)
        }

        routes.add(
            .patch, "/api/v1/stakeholders/{id}", access: .admins, summary: "Change a stakeholder",
            tag: "panel", request: "StakeholderDraft", response: "Stakeholder",
            responses: [200, 401, 403, 404]
        ) { request, _ in
            let id = try stakeholderID(request)
            let updated = try await store.updateStakeholder(id, with: try request.decodeJSON(StakeholderDraft.self))
            // Published transcripts show the stakeholder's name.
            try await context.archive.refreshAll()
            return try Response.json(updated)
        }

        routes.add(
            .put, "/api/v1/sessions/{slug}/panel", access: .admins,
            summary: "Set who sits on the session's panel, in order", tag: "panel", request: "PanelMembers",
            response: "StakeholderList", responses: [200, 401, 403, 404]
        ) { request, _ in
            let body = try request.decodeJSON(PanelBody.self)
            guard body.stakeholderIDs.count <= 50 else {
                throw APIError.invalid(field: "stakeholderIDs", message: "at most 50 stakeholders on a panel")
            }
            let panel = try await store.setPanel(of: try request.requireParameter("slug"), to: body.stakeholderIDs)
            return try Response.json(StakeholderList(stakeholders: panel))
        }

        routes.add(
            .get, "/api/v1/sessions/{slug}/panel", access: .staff,
            summary: "The panel: stakeholders, the question on air, and each stakeholder's queue in order "
                + "(on air, priority, votes, time). A stakeholder user sees only their own queue.",
            tag: "panel", response: "PanelView", responses: [200, 401, 404]
        ) { request, principal in
            let session = try SessionRoutes.requireSession(request, store)
            let sequence = try store.latestSequence()
            let panel = try store.panel(of: session.id)
            let visible =
                principal?.role == .stakeholder
                ? panel.filter { $0.id == principal?.actor.stakeholderID } : panel
            let queues = try visible.map { stakeholder in
                Queue(
                    stakeholder: stakeholder,
                    questions: try store.queue(of: stakeholder.id, in: session.id).map(\.withoutPrivateDetails))
            }
            return try Response.json(
                PanelView(
                    stakeholders: panel, onAir: try store.onAir(in: session.id)?.withoutPrivateDetails, queues: queues,
                    sequence: sequence))
        }
    }

    static func stakeholderID(_ request: Request) throws -> StakeholderID {
        let text = try request.requireParameter("id")
        guard let id = StakeholderID(parsing: text) else { throw StoreError.notFound("stakeholder \(text.prefix(20))") }
        return id
    }
}
