import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// `/healthz`, `/metrics` and the OpenAPI document.
enum OperationsRoutes {
    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let openStreams = context.metrics.gauge(
            "ketupek_event_subscribers", help: "Event-stream subscribers currently attached to sessions.")

        routes.add(
            .get, "/healthz", access: .everyone, summary: "Liveness and database readiness", tag: "operations",
            response: "Health", responses: [200, 503]
        ) { _, _ in
            struct Health: Encodable {
                let status: String
                let sequence: EventSequence
            }
            return try Response.json(Health(status: "ok", sequence: try context.store.latestSequence()))
        }

        routes.add(
            .get, "/metrics", access: .everyone, summary: "Prometheus text exposition format",
            tag: "operations", responses: [200]
        ) { _, _ in
            openStreams.set(context.hub.subscriberCount)
            var response = Response.text(context.metrics.render())
            response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            return response
        }
    }

    /// Registers `/api/v1/openapi.json`, built from every route registered so far and itself (call it last).
    static func registerOpenAPI(into routes: inout RouteTable) {
        let path = "/api/v1/openapi.json"
        let itself = RouteTable.Entry(
            method: .get, path: path, access: .everyone, summary: "This document", tag: "operations",
            requestSchema: nil, responseSchema: nil, responses: [200], parameters: []
        )
        let document = OpenAPIDocument.build(from: routes.entries + [itself])
        routes.addImmediate(.get, path, summary: itself.summary, tag: itself.tag) { _ in
            var response = Response(status: .ok, body: .bytes(document))
            response.headers.set("Content-Type", "application/json")
            return response
        }
    }
}
