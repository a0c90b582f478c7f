import Foundation
import KetupekHTTP
import Synchronization
import Testing

@Suite("Pre-rendered documents: validators, 304s and encodings")
struct CachedDocumentTests {
    let body = Array(String(repeating: "<p>Jawaban tentang BPJS Kesehatan.</p>\n", count: 40).utf8)
    let modified = Date(timeIntervalSince1970: 1_796_000_000)

    func document() -> CachedDocument {
        CachedDocument(
            contentType: "text/html; charset=utf-8", identity: body, gzip: Gzip.compress(body),
            lastModified: modified)
    }

    func get(_ headers: HTTPHeaders = HTTPHeaders()) throws -> Response {
        try document().response(
            to: Request(method: .get, target: "/en/archive/x", headers: headers), cacheControl: "public, max-age=60",
            vary: ["Accept-Language"])
    }

    @Test("gzip when accepted, identity otherwise, with caching headers")
    func encodings() throws {
        let zipped = try get(["Accept-Encoding": "br, gzip;q=0.8"])
        #expect(zipped.status == .ok)
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(try Gzip.decompress(zipped.bodyBytes ?? []) == body)
        #expect(zipped.headers["Vary"] == "Accept-Encoding, Accept-Language")
        #expect(zipped.headers["Cache-Control"] == "public, max-age=60")
        #expect(zipped.headers["Last-Modified"] == HTTPCaching.httpDate(modified))
        #expect(zipped.headers["ETag"]?.hasSuffix("-gz\"") == true)

        for refusal in [nil, "identity", "gzip;q=0"] as [String?] {
            var headers = HTTPHeaders()
            if let refusal { headers.set("Accept-Encoding", refusal) }
            let plain = try get(headers)
            #expect(plain.headers["Content-Encoding"] == nil)
            #expect(plain.bodyBytes == body)
            #expect(plain.headers["ETag"] == "\"\(HTTPCaching.hash(body))\"")
        }
    }

    @Test("If-None-Match with either encoding's tag, or If-Modified-Since, answers 304 with no body")
    func conditional() throws {
        let tag = try get(["Accept-Encoding": "gzip"]).headers["ETag"] ?? ""
        #expect(try get(["If-None-Match": tag]).status == .notModified)
        #expect(try get(["If-None-Match": "W/\"\(HTTPCaching.hash(body))\", \"other\""]).status == .notModified)
        #expect(try get(["If-None-Match": "\"other\""]).status == .ok)
        let date = HTTPCaching.httpDate(modified)
        #expect(try get(["If-Modified-Since": date]).status == .notModified)
        #expect(try get(["If-Modified-Since": HTTPCaching.httpDate(modified - 1)]).status == .ok)
        #expect(try get(["If-Modified-Since": "yesterday"]).status == .ok)
        // If-None-Match wins over If-Modified-Since.
        #expect(try get(["If-None-Match": "\"other\"", "If-Modified-Since": date]).status == .ok)
        let notModified = try get(["If-None-Match": tag])
        #expect(notModified.bodyBytes == [])
        #expect(notModified.headers["ETag"] != nil)
    }

    @Test("HTTP dates round-trip")
    func dates() {
        #expect(HTTPCaching.httpDate(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPCaching.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPCaching.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT trailing") == nil)
    }
}

@Suite("Shared bodies on the wire")
struct SharedBodyTests {
    @Test("a shared body is sent whole to many concurrent clients and outlives the document that was replaced")
    func sharedOnTheWire() async throws {
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let current = Mutex(SharedBytes(large))
        var router = Router()
        router.addImmediate(.get, "/page") { _ in
            Response(
                status: .ok, headers: ["Content-Type": "application/octet-stream"],
                body: .shared(current.withLock { $0 }))
        }
        try await withServer(router) { port, _ in
            try await withThrowingTaskGroup(of: RawResponse.self) { group in
                for index in 0..<16 {
                    // Halfway, the page is replaced: responses already under way keep their bytes.
                    if index == 8 { current.withLock { $0 = SharedBytes(Array(large.reversed())) } }
                    group.addTask { try await request(port, "GET", "/page") }
                }
                for try await response in group {
                    #expect(response.status == 200)
                    #expect(response.body == large || response.body == Array(large.reversed()))
                }
            }
            let head = try await request(port, "HEAD", "/page")
            #expect(head.status == 200 && head.body.isEmpty && head.headers["Content-Length"] == "300000")
        }
    }
}
