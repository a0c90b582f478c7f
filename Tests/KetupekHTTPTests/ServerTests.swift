import Foundation
import KetupekHTTP
import KetupekTelemetry
import Synchronization
import Testing

struct Greeting: Codable, Sendable {
    let name: String
    let count: Int
    let tags: [String]?
}

struct Boom: Error, CustomStringConvertible {
    var description: String { "secret database detail" }
}

struct Conflict: Error {}

func makeRouter() -> Router {
    var router = Router()
    router.add(.get, "/hello") { _ in .text("hello") }
    router.add(.get, "/sessions/{slug}") { request in
        try .json(["slug": request.requireParameter("slug"), "q": request.query("q") ?? ""])
    }
    router.add(.post, "/echo") { request in
        let greeting = try request.decodeJSON(Greeting.self)
        return try .json(greeting, status: .created)
    }
    router.add(.post, "/upload") { request in .text("\(request.body.count)") }
    router.add(.get, "/boom") { _ in throw Boom() }
    router.add(.get, "/conflict") { _ in throw Conflict() }
    router.add(.get, "/slow") { _ in
        try await Task.sleep(for: .milliseconds(200))
        return .text("slept")
    }
    router.add(.get, "/framed") { _ in
        var response = Response.html("<p>overlay</p>")
        response.headers.set("Content-Security-Policy", "frame-ancestors *")
        return response
    }
    router.add(.get, "/whoami") { request in .text(request.remoteAddress) }
    router.add(.get, "/cookies") { request in .text(request.cookie("sid") ?? "none") }
    return router
}

@Suite("HTTP server")
struct ServerTests {
    @Test("a GET route answers 200 with the security headers and a request id")
    func securityHeadersOn200() async throws {
        try await withServer(makeRouter()) { port, _ in
            let response = try await request(port, "GET", "/hello")
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(response.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(response.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["Referrer-Policy"] == "no-referrer")
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["X-Request-ID"]?.count == 16)
        }
    }

    @Test("404 and 405 are JSON errors with security headers; 405 lists Allow")
    func notFoundAndMethodNotAllowed() async throws {
        try await withServer(makeRouter()) { port, _ in
            let missing = try await request(port, "GET", "/nope")
            #expect(missing.status == 404)
            #expect(missing.errorField("code") == "not_found")
            #expect(missing.errorField("request_id") == missing.headers["X-Request-ID"])
            #expect(missing.headers["X-Content-Type-Options"] == "nosniff")
            #expect(missing.headers["Content-Security-Policy"] != nil)

            let wrong = try await request(port, "DELETE", "/hello")
            #expect(wrong.status == 405)
            #expect(wrong.headers["Allow"] == "GET, HEAD")
            #expect(wrong.errorField("code") == "method_not_allowed")
        }
    }

    @Test("HEAD is served by the GET route without a body")
    func headViaGet() async throws {
        try await withServer(makeRouter()) { port, _ in
            let response = try await request(port, "HEAD", "/hello")
            #expect(response.status == 200)
            #expect(response.headers["Content-Length"] == "5")
            #expect(response.body.isEmpty)
        }
    }

    @Test("route parameters and query items arrive decoded")
    func parameters() async throws {
        try await withServer(makeRouter()) { port, _ in
            let response = try await request(port, "GET", "/sessions/caf%C3%A9?q=a+b%26c")
            #expect(response.status == 200)
            let object = try response.json()
            #expect(object["slug"] as? String == "café")
            #expect(object["q"] as? String == "a b&c")
            let slash = try await request(port, "GET", "/sessions/rapat%2Fdesa")
            #expect(try slash.json()["slug"] as? String == "rapat/desa")
            #expect(try await request(port, "GET", "/whoami").text == "127.0.0.1")
        }
    }

    @Test("a handler may override a default header")
    func overrideDefaultHeader() async throws {
        try await withServer(makeRouter()) { port, _ in
            let response = try await request(port, "GET", "/framed")
            #expect(response.headers.values("Content-Security-Policy") == ["frame-ancestors *"])
            #expect(response.headers["X-Frame-Options"] == "DENY")
        }
    }

    @Test("cookies are parsed")
    func cookies() async throws {
        try await withServer(makeRouter()) { port, _ in
            let response = try await request(port, "GET", "/cookies", headers: [("Cookie", "a=1; sid=\"xyz\"; b=2")])
            #expect(response.text == "xyz")
        }
    }

    @Test("two requests on one connection: keep-alive, no Connection: close")
    func keepAlive() async throws {
        try await withServer(makeRouter()) { port, _ in
            let (first, second) = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let first = try connection.readResponse()
                try connection.send("GET /sessions/abc HTTP/1.1\r\nHost: x\r\n\r\n")
                let second = try connection.readResponse()
                return (first, second)
            }
            #expect(first.status == 200)
            #expect(first.headers["Connection"]?.lowercased() != "close")
            #expect(second.status == 200)
            #expect(second.text.contains("abc"))
            #expect(second.headers["Connection"]?.lowercased() != "close")
        }
    }

    @Test("immediate routes answer on the worker thread: parameters, keep-alive, errors mapped, HEAD")
    func immediateRoutes() async throws {
        var router = makeRouter()
        router.addImmediate(.get, "/pages/{name}") { request in
            let name = try request.requireParameter("name")
            guard name != "missing" else { throw HTTPError.notFound("No page \(name).") }
            return .html("<p>\(HTML.escape(name))</p>")
        }
        router.addImmediate(.get, "/streaming") { _ in .eventStream(EventStream()) }
        try await withServer(router) { port, _ in
            let (first, second) = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.send("GET /pages/a%3Cb HTTP/1.1\r\nHost: x\r\n\r\n")
                let first = try connection.readResponse()
                try connection.send("GET /pages/missing HTTP/1.1\r\nHost: x\r\n\r\n")
                return (first, try connection.readResponse())
            }
            #expect(first.status == 200 && first.text == "<p>a&lt;b</p>")
            #expect(first.headers["Connection"]?.lowercased() != "close")
            #expect(first.headers["Content-Security-Policy"] != nil, "default headers apply")
            #expect(second.status == 404 && second.errorField("code") == "not_found")
            #expect(try await request(port, "HEAD", "/pages/x").status == 200)
            #expect(try await request(port, "POST", "/pages/x").status == 405)
            #expect(try await request(port, "GET", "/streaming").status == 500, "an immediate route cannot stream")
        }
    }

    @Test("headers over the limit are answered 431")
    func headersTooLarge() async throws {
        try await withServer(makeRouter(), configuration: configured { $0.maxHeaderBytes = 4_096 }) { port, _ in
            let big = String(repeating: "v", count: 8_000)
            let response = try await request(port, "GET", "/hello", headers: [("X-Big", big)])
            #expect(response.status == 431)
            #expect(response.errorField("code") == "headers_too_large")
            #expect(try await request(port, "GET", "/hello").status == 200)
        }
    }

    @Test("a body over the limit by Content-Length is answered 413")
    func tooLargeByLength() async throws {
        try await withServer(makeRouter(), configuration: configured { $0.maxBodyBytes = 1_024 }) { port, _ in
            let response = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")
                return try connection.readResponse()
            }
            #expect(response.status == 413)
            #expect(response.errorField("code") == "body_too_large")
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        }
    }

    @Test("a chunked body growing over the limit is answered 413; one under it is accepted")
    func tooLargeChunked() async throws {
        try await withServer(makeRouter(), configuration: configured { $0.maxBodyBytes = 1_024 }) { port, _ in
            func chunked(_ total: Int) async throws -> RawResponse {
                try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                    var sent = 0
                    while sent < total {
                        let size = min(400, total - sent)
                        try? connection.send(
                            String(size, radix: 16) + "\r\n" + String(repeating: "a", count: size) + "\r\n")
                        sent += size
                    }
                    try? connection.send("0\r\n\r\n")
                    return try connection.readResponse()
                }
            }
            let small = try await chunked(1_000)
            #expect(small.status == 200)
            #expect(small.text == "1000")
            let large = try await chunked(4_000)
            #expect(large.status == 413)
            #expect(large.errorField("code") == "body_too_large")
        }
    }

    @Test("JSON bodies: malformed 400, invalid UTF-8 400, wrong types 422 naming the field, wrong type 415")
    func jsonErrors() async throws {
        try await withServer(makeRouter()) { port, _ in
            let json = [("Content-Type", "application/json")]
            let ok = try await request(
                port, "POST", "/echo", headers: json, body: Array(#"{"name":"a","count":2}"#.utf8))
            #expect(ok.status == 201)
            #expect(ok.text == #"{"count":2,"name":"a"}"#)

            let malformed = try await request(port, "POST", "/echo", headers: json, body: Array(#"{"name":"#.utf8))
            #expect(malformed.status == 400)
            #expect(malformed.errorField("code") == "malformed_json")

            let utf8 = try await request(
                port, "POST", "/echo", headers: json, body: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
            #expect(utf8.status == 400)
            #expect(utf8.errorField("code") == "malformed_json")

            let types = try await request(
                port, "POST", "/echo", headers: json, body: Array(#"{"name":"a","count":"two"}"#.utf8))
            #expect(types.status == 422)
            #expect(types.errorField("code") == "invalid_body")
            #expect(types.errorField("message")?.contains("count") == true)

            let nested = try await request(
                port, "POST", "/echo", headers: json, body: Array(#"{"name":"a","count":1,"tags":[1]}"#.utf8))
            #expect(nested.status == 422)
            #expect(nested.errorField("message")?.contains("tags[0]") == true)

            let missing = try await request(port, "POST", "/echo", headers: json, body: Array(#"{"name":"a"}"#.utf8))
            #expect(missing.status == 422)
            #expect(missing.errorField("message")?.contains("count") == true)

            let form = try await request(
                port, "POST", "/echo", headers: [("Content-Type", "text/plain")], body: Array("{}".utf8))
            #expect(form.status == 415)
        }
    }

    @Test("an unmapped error is a 500 with the request id and without its text; the detail is logged")
    func unmappedError() async throws {
        let sink = MemorySink()
        let logger = Logger(sink: sink, level: .debug)
        try await withServer(makeRouter(), logger: logger) { port, _ in
            let response = try await request(port, "GET", "/boom")
            #expect(response.status == 500)
            #expect(response.errorField("code") == "internal")
            let id = try #require(response.errorField("request_id"))
            #expect(id == response.headers["X-Request-ID"])
            #expect(!response.text.contains("secret"))
            #expect(
                sink.all.contains {
                    $0.metadata["request.id"] == id && $0.metadata["error"]?.contains("secret") == true
                })
        }
    }

    @Test("the error mapper turns app errors into HTTP errors")
    func errorMapper() async throws {
        let mapper: HTTPServer.ErrorMapper = { error in
            error is Conflict ? HTTPError(.conflict, code: "stale_version", message: "Reload and retry.") : nil
        }
        try await withServer(makeRouter(), errorMapper: mapper) { port, _ in
            let response = try await request(port, "GET", "/conflict")
            #expect(response.status == 409)
            #expect(response.errorField("code") == "stale_version")
        }
    }

    @Test("middleware runs around routes")
    func middleware() async throws {
        struct Stamp: Middleware {
            func handle(_ request: Request, next: Handler) async throws -> Response {
                var response = try await next(request)
                response.headers.set("X-Stamp", request.path)
                return response
            }
        }
        try await withServer(makeRouter(), middleware: [Stamp()]) { port, _ in
            let response = try await request(port, "GET", "/hello")
            #expect(response.headers["X-Stamp"] == "/hello")
        }
    }

    @Test("handlers that await do not block other requests (pool of 2 threads)")
    func slowHandlersRunConcurrently() async throws {
        // Twelve requests each wait until all twelve have arrived. If a waiting handler held one of the two
        // worker threads, only two could ever arrive and every request would give up (after 10 s) with 504.
        final class Arrivals: Sendable {
            let count = Mutex(0)
        }
        let arrivals = Arrivals()
        var router = makeRouter()
        router.add(.get, "/gate") { _ in
            arrivals.count.withLock { $0 += 1 }
            for _ in 0..<1_000 {
                if arrivals.count.withLock({ $0 }) >= 12 { return .text("all here") }
                try await Task.sleep(for: .milliseconds(10))
            }
            return .empty(HTTPStatus(code: 504, reason: "Gateway Timeout"))
        }
        try await withServer(router, configuration: configured { $0.threadPoolSize = 2 }) { port, _ in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 { group.addTask { try await request(port, "GET", "/gate").status } }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses == Array(repeating: 200, count: 12))
        }
    }

    @Test("metrics count requests by method and status")
    func metrics() async throws {
        let metrics = MetricsRegistry()
        let server = HTTPServer(router: makeRouter(), metrics: metrics)
        let port = try server.start()
        _ = try await request(port, "GET", "/hello")
        _ = try await request(port, "GET", "/nope")
        await server.shutdown(grace: .milliseconds(200))
        let text = metrics.render()
        #expect(text.contains(#"ketupek_http_requests_total{method="GET",status="200"} 1"#))
        #expect(text.contains(#"ketupek_http_requests_total{method="GET",status="404"} 1"#))
        #expect(text.contains("ketupek_http_request_duration_seconds_count 2"))
    }
}

@Suite("Shutdown")
struct ShutdownTests {
    /// Set by a handler when it starts, so a test shuts down only once its request is really in flight.
    final class Entered: Sendable {
        private let flag = Mutex(false)
        func mark() { flag.withLock { $0 = true } }
        func wait() async throws {
            for _ in 0..<1_000 where !flag.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(flag.withLock { $0 }, "the request reached its handler")
        }
    }

    @Test("in-flight requests finish within the grace period; new connections are refused")
    func drainsInFlight() async throws {
        let entered = Entered()
        var router = Router()
        router.add(.get, "/slow") { _ in
            entered.mark()
            try await Task.sleep(for: .milliseconds(200))
            return .text("slept")
        }
        let server = HTTPServer(router: router)
        let port = try server.start()
        let slow = Task { try await request(port, "GET", "/slow") }
        try await entered.wait()
        await server.shutdown(grace: .seconds(5))
        let response = try await slow.value
        #expect(response.status == 200)
        #expect(response.text == "slept")
        await #expect(throws: (any Error).self) { try await request(port, "GET", "/hello") }
    }

    @Test("a handler still running when the grace period ends is answered 503")
    func abandonsAfterGrace() async throws {
        let entered = Entered()
        var router = Router()
        router.add(.get, "/stuck") { _ in
            entered.mark()
            try? await Task.sleep(for: .seconds(3))
            return .text("too late")
        }
        let server = HTTPServer(router: router)
        let port = try server.start()
        let stuck = Task { try await request(port, "GET", "/stuck") }
        try await entered.wait()
        await server.shutdown(grace: .milliseconds(200))
        let response = try await stuck.value
        #expect(response.status == 503)
        #expect(response.errorField("code") == "shutting_down")
    }
}

@Suite("Binding")
struct BindingTests {
    @Test("a taken port and a non-numeric host are refused; an IPv6 loopback host binds when available")
    func binding() async throws {
        let first = HTTPServer(router: makeRouter())
        let port = try first.start()
        var taken = HTTPServer.Configuration()
        taken.port = port
        #expect(throws: HTTPServerError.self) { try HTTPServer(configuration: taken, router: makeRouter()).start() }
        var named = HTTPServer.Configuration()
        named.host = "localhost"
        #expect(throws: HTTPServerError.self) { try HTTPServer(configuration: named, router: makeRouter()).start() }
        #expect(throws: HTTPServerError.self) { try first.start() }
        await first.shutdown(grace: .milliseconds(100))

        guard FileManager.default.fileExists(atPath: "/proc/net/if_inet6") else { return }
        var v6 = HTTPServer.Configuration()
        v6.host = "::1"
        let server = HTTPServer(configuration: v6, router: makeRouter())
        #expect(try server.start() > 0)
        await server.shutdown(grace: .milliseconds(100))
    }
}
