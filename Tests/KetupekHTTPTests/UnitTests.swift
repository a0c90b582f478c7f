import Foundation
import KetupekHTTP
import Testing

@Suite("Router")
struct RouterTests {
    let router: Router = {
        var router = Router()
        router.add(.get, "/api/v1/sessions/{slug}/questions") { _ in .text("list") }
        router.add(.post, "/api/v1/sessions/{slug}/questions") { _ in .text("create") }
        router.add(.get, "/api/v1/sessions/new/questions") { _ in .text("literal") }
        router.add(.delete, "/api/v1/sessions/{slug}") { _ in .text("delete") }
        router.add(.get, "/{path...}") { _ in .text("static") }
        return router
    }()

    func run(_ method: HTTPMethod, _ path: String) async throws -> (String?, [String: String]) {
        guard case .found(let handler, let parameters) = router.match(method, rawPath: Substring(path)) else {
            return (nil, [:])
        }
        var request = try Request(method: method, target: path)
        _ = request
        request = try Request(method: method, target: path)
        return (String(decoding: try await handler(request).bodyBytes ?? [], as: UTF8.self), parameters)
    }

    @Test("parameters bind per segment, percent-decoded; literals win over parameters")
    func parameters() async throws {
        let (body, parameters) = try await run(.get, "/api/v1/sessions/rapat%2Fdesa/questions")
        #expect(body == "list")
        #expect(parameters == ["slug": "rapat/desa"])
        #expect(try await run(.post, "/api/v1/sessions/x/questions").0 == "create")
        #expect(try await run(.get, "/api/v1/sessions/new/questions").0 == "literal")
    }

    @Test("the catch-all takes the rest of the path, decoded, possibly empty")
    func catchAll() async throws {
        #expect(try await run(.get, "/css/app.css").1 == ["path": "css/app.css"])
        #expect(try await run(.get, "/").1 == ["path": ""])
        #expect(try await run(.get, "/..%2fetc").1 == ["path": "../etc"])
    }

    @Test("405 lists the allowed methods (HEAD with GET); 404 when nothing matches")
    func notAllowed() {
        guard case .methodNotAllowed(let allow) = router.match(.put, rawPath: "/api/v1/sessions/x/questions") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == [.get, .head, .post])
        var small = Router()
        small.add(.get, "/a") { _ in .empty() }
        guard case .notFound = small.match(.get, rawPath: "/b") else {
            Issue.record("expected 404")
            return
        }
        guard case .found = small.match(.head, rawPath: "/a") else {
            Issue.record("HEAD should use GET")
            return
        }
    }
}

extension RouterTests {
    @Test("a segment that is not valid percent-encoding matches no literal, parameter or catch-all")
    func badEscapes() {
        var router = Router()
        router.add(.get, "/a/{name}") { _ in .empty() }
        router.add(.get, "/files/{path...}") { _ in .empty() }
        for path in ["/a/%zz", "/a/%C3", "/files/x/%C3/y", "/files/%2", "/%61%zz/x"] {
            guard case .notFound = router.match(.get, rawPath: Substring(path)) else {
                Issue.record("\(path) should not match")
                continue
            }
        }
        guard case .found(_, let parameters) = router.match(.get, rawPath: "/files/x/caf%C3%A9//%2F") else {
            Issue.record("expected the catch-all")
            return
        }
        #expect(parameters == ["path": "x/café//"], "empty segments are skipped; %2F stays in its segment")
        guard case .found(_, let named) = router.match(.head, rawPath: "/%61/b%20c") else {
            Issue.record("literal segments are compared decoded")
            return
        }
        #expect(named == ["name": "b c"])
    }

    @Test("routes indexed by their first literal still lose to nothing less specific and win ties by order")
    func indexedRoutes() async throws {
        var router = Router()
        router.add(.get, "/{section}/list") { _ in .text("parameter") }
        router.add(.get, "/api/{what}") { _ in .text("literal then parameter") }
        router.add(.get, "/api/list") { _ in .text("literal") }
        router.add(.get, "/api/list") { _ in .text("literal, registered later") }
        router.add(.post, "/{section}/items") { _ in .text("post") }
        router.add(.get, "/") { _ in .text("root") }
        func body(_ method: HTTPMethod, _ path: String) async throws -> String? {
            guard case .found(let handler, _) = router.match(method, rawPath: Substring(path)) else { return nil }
            return String(
                decoding: try await handler(try Request(method: method, target: path)).bodyBytes ?? [], as: UTF8.self)
        }
        #expect(try await body(.get, "/api/list") == "literal")
        #expect(try await body(.get, "/api/items") == "literal then parameter")
        #expect(try await body(.get, "/other/list") == "parameter")
        #expect(try await body(.head, "/%61pi/list") == "literal")
        #expect(try await body(.get, "/") == "root")
        guard case .methodNotAllowed(let allow) = router.match(.put, rawPath: "/api/items") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == [.get, .head, .post], "methods from both lists")
    }

    @Test("405 lists every method of every matching pattern, in the order of HTTPMethod")
    func allowOrder() {
        var router = Router()
        router.add(.delete, "/x/{id}") { _ in .empty() }
        router.add(.patch, "/x/{id}") { _ in .empty() }
        router.addImmediate(.options, "/{path...}") { _ in .empty() }
        router.add(.post, "/x/y") { _ in .empty() }
        guard case .methodNotAllowed(let allow) = router.match(.put, rawPath: "/x/y") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == [.post, .patch, .delete, .options])
        guard case .immediate = router.match(.options, rawPath: "/x/y") else {
            Issue.record("the immediate catch-all answers OPTIONS")
            return
        }
    }
}

@Suite("Helpers")
struct HelperTests {
    @Test("headers are case-insensitive, ordered and multi-valued")
    func headers() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain"]
        headers.add("Set-Cookie", "a=1")
        headers.add("set-cookie", "b=2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values("SET-COOKIE") == ["a=1", "b=2"])
        headers.set("Set-Cookie", "c=3")
        #expect(headers.values("Set-Cookie") == ["c=3"])
        #expect(headers.fields.map(\.name) == ["Content-Type", "Set-Cookie"])
    }

    @Test("header names compare ignoring ASCII case only: no other bytes are folded together")
    func headerNameCase() {
        let headers: HTTPHeaders = ["X-Request-ID": "1", "a@b": "2", "x[y": "3", "Ünïcode": "4"]
        #expect(headers["x-request-id"] == "1" && headers["X-REQUEST-ID"] == "1")
        #expect(headers["a`b"] == nil && headers["A@B"] == "2", "@ and ` differ by the case bit but are not letters")
        #expect(headers["X{Y"] == nil && headers["X[Y"] == "3")
        #expect(headers["üNÏCODE"] == "4", "non-ASCII names fall back to Unicode lower-casing")
        #expect(headers["X-Request-I"] == nil && headers["X-Request-IDs"] == nil)
    }

    @Test("HTML.escape escapes & < > \" '")
    func escape() {
        #expect(
            HTML.escape(#"<a href="x" title='y'>&</a>"#)
                == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTML.escape("Sudah jelas 👍") == "Sudah jelas 👍")
    }

    @Test("gzip round-trips; corrupt input and bombs are refused")
    func gzip() throws {
        let text = Array(String(repeating: "Pertanyaan dari warga desa. ", count: 2_000).utf8)
        let compressed = Gzip.compress(text, level: 9)
        #expect(compressed.count < text.count / 10)
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(try Gzip.decompress(compressed) == text)
        #expect(try Gzip.decompress(Gzip.compress([])) == [])
        let random = (0..<10_000).map { _ in UInt8.random(in: 0...255) }
        #expect(try Gzip.decompress(Gzip.compress(random, level: 1)) == random)
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress([1, 2, 3, 4]) }
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Array(compressed.dropLast(10))) }
        #expect(throws: Gzip.Failure.tooLarge(maxSize: 1_000)) { try Gzip.decompress(compressed, maxSize: 1_000) }
    }

    @Test("request targets decode strictly; the query fallbacks work")
    func requestParsing() throws {
        let request = try Request(
            method: .get, target: "/a%20b?x=1&x=2&flag&name=J%C3%BCrgen+K",
            headers: ["Cookie": "sid=abc; theme=dark"])
        #expect(request.path == "/a b")
        #expect(request.queryValues("x") == ["1", "2"])
        #expect(request.query("flag") == "")
        #expect(request.query("name") == "Jürgen K")
        #expect(request.cookie("theme") == "dark")
        #expect(request.lastEventID == nil)
        #expect(throws: HTTPError.self) { try Request(method: .get, target: "/%zz") }
        #expect(throws: HTTPError.self) { try Request(method: .get, target: "/%ff") }
        #expect(throws: HTTPError.self) { try request.requireParameter("slug") }
        #expect(request.requestID != (try Request(method: .get, target: "/")).requestID)
    }

    @Test("raising the open-file limit leaves soft == hard")
    func openFiles() {
        let limits = ResourceLimits.raiseOpenFileLimit()
        #expect(limits.soft == limits.hard)
        #expect(limits.soft > 0)
    }
}

@Suite("Markup")
struct MarkupTests {
    @Test("interpolated text is escaped, interpolated markup is not, literals are the program's")
    func escaping() {
        let name = "<img src=x onerror=alert(1)> & 'Siti' \"A\""
        let bold: Markup = "<b>\(name)</b>"
        let page: Markup = "<p title=\"\(name)\">\(bold) \(3)</p>"
        #expect(bold.html == "<b>&lt;img src=x onerror=alert(1)&gt; &amp; &#39;Siti&#39; &quot;A&quot;</b>")
        #expect(page.html.hasPrefix("<p title=\"&lt;img"))
        #expect(page.html.contains("<b>&lt;img") && page.html.hasSuffix(" 3</p>"))
        #expect(Markup.joined(["<i>a</i>", "<i>\("<")</i>"], separator: ", ").html == "<i>a</i>, <i>&lt;</i>")
    }
}
