import KetupekTelemetry
import Testing

@testable import KetupekHTTP

@Suite("Request metrics")
struct RequestMetricsTests {
    @Test("request counters: one series per method and status seen, unknown methods as other, exact under threads")
    func requestCounters() async {
        let metrics = MetricsRegistry()
        let requests = RequestMetrics(registry: metrics)
        await concurrently(4) { worker in
            for _ in 0..<5_000 {
                requests.record(method: .get, status: 200, elapsed: .milliseconds(2))
                requests.record(method: worker == 0 ? nil : .post, status: 201, elapsed: .milliseconds(20))
            }
        }
        requests.record(method: .delete, status: 599, elapsed: .zero)
        requests.record(method: .delete, status: 599, elapsed: .zero)
        let text = metrics.render()
        #expect(text.contains("# HELP ketupek_http_requests_total Responses sent, by request method and status.\n"))
        #expect(text.contains("# TYPE ketupek_http_requests_total counter\n"))
        #expect(text.contains(#"ketupek_http_requests_total{method="GET",status="200"} 20000"#))
        #expect(text.contains(#"ketupek_http_requests_total{method="POST",status="201"} 15000"#))
        #expect(text.contains(#"ketupek_http_requests_total{method="other",status="201"} 5000"#))
        #expect(text.contains(#"ketupek_http_requests_total{method="DELETE",status="599"} 2"#), "outside the table")
        #expect(!text.contains(#"status="404""#), "no series before its first response")
        #expect(text.contains("ketupek_http_request_duration_seconds_count 40002\n"))
        #expect(text.contains(#"ketupek_http_request_duration_seconds_bucket{le="0.0025"} 20002"#))
        #expect(text.contains(#"ketupek_http_request_duration_seconds_bucket{le="0.025"} 40002"#))
        #expect(
            requests.requests(method: .get, status: 200) === requests.requests(method: .get, status: 200),
            "resolved once")
    }
}

extension RequestMetricsTests {
    @Test("every method is counted under its own name")
    func everyMethod() {
        let metrics = MetricsRegistry()
        let requests = RequestMetrics(registry: metrics)
        for method in HTTPMethod.allCases { requests.record(method: method, status: 204, elapsed: .zero) }
        let text = metrics.render()
        for method in HTTPMethod.allCases {
            #expect(text.contains("ketupek_http_requests_total{method=\"\(method.rawValue)\",status=\"204\"} 1\n"))
        }
    }

    @Test("request ids: 16 lower-case hex digits, distinct across threads")
    func requestIDs() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<5_000).map { _ in Request.makeID() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(ids).count == 20_000)
        #expect(
            ids.allSatisfy {
                $0.utf8.count == 16 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
            })
    }
}

@Suite("Routing once")
struct RoutingOnceTests {
    func makeCore(middleware: [any Middleware] = []) -> ServerCore {
        var router = Router()
        router.add(.get, "/pages/{name}") { request in .text("routed \(request.parameter("name") ?? "")") }
        return ServerCore(
            configuration: HTTPServer.Configuration(), router: router, middleware: middleware,
            errorMapper: { _ in nil }, logger: .silent, metrics: MetricsRegistry())
    }

    @Test("the handler uses the match the server made, without routing again")
    func carriedMatch() async throws {
        var request = try Request(method: .get, target: "/pages/a")
        // A match the router would never make for this path: only a handler that trusts it answers "carried".
        request.match = .found(
            { request in .text("carried \(request.parameter("name") ?? "")") }, parameters: ["name": "b"])
        let response = await makeCore().respond(to: request)
        #expect(response.bodyBytes.map { String(decoding: $0, as: UTF8.self) } == "carried b")
    }

    @Test("a request without a match (or one a middleware built) is routed")
    func routedWhenNoMatch() async throws {
        struct Rewrite: Middleware {
            func handle(_ request: Request, next: Handler) async throws -> Response {
                try await next(Request(method: .get, target: "/pages/rewritten"))
            }
        }
        let plain = await makeCore().respond(to: try Request(method: .get, target: "/pages/a"))
        #expect(plain.bodyBytes.map { String(decoding: $0, as: UTF8.self) } == "routed a")
        var request = try Request(method: .get, target: "/pages/a")
        request.match = .found({ _ in .text("carried") }, parameters: [:])
        let rewritten = await makeCore(middleware: [Rewrite()]).respond(to: request)
        #expect(rewritten.bodyBytes.map { String(decoding: $0, as: UTF8.self) } == "routed rewritten")
    }
}
