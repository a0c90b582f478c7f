import Foundation
import Testing

@testable import KetupekHTTP

@Suite("Date header")
struct HTTPDateTests {
    @Test("IMF-fixdate by arithmetic: known dates, leap days, and Foundation's formatting over many seconds")
    func format() {
        #expect(HTTPDate.string(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.string(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.string(4_107_542_399) == "Sun, 28 Feb 2100 23:59:59 GMT")
        #expect(HTTPDate.string(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int.random(in: 0...4_102_444_800, using: &generator)
            #expect(HTTPDate.string(seconds) == formatter.string(from: Date(timeIntervalSince1970: Double(seconds))))
        }
    }

    @Test("every response carries one Date header; a handler's own wins")
    func header() async throws {
        var router = Router()
        router.addImmediate(.get, "/now") { _ in .text("now") }
        router.add(.get, "/dated") { _ in
            var response = Response.text("dated")
            response.headers.set("Date", "Thu, 01 Jan 1970 00:00:00 GMT")
            return response
        }
        try await withServer(router) { port, _ in
            let before = Int(Date().timeIntervalSince1970)
            let now = try await request(port, "GET", "/now")
            let after = Int(Date().timeIntervalSince1970)
            #expect(now.headers.values("Date").count == 1, "libmicrohttpd adds none of its own")
            // Any second between the request and the answer (a loaded machine may take several).
            let sent = now.headers["Date"] ?? ""
            #expect((before...after).map(HTTPDate.string).contains(sent), "\(sent)")
            let dated = try await request(port, "GET", "/dated")
            #expect(dated.headers.values("Date").count == 1)
            #expect(dated.headers["Date"] == "Thu, 01 Jan 1970 00:00:00 GMT")
        }
    }
}
