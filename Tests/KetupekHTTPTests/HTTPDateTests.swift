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
            let now = try await request(port, "GET", "/now")
            #expect(now.headers.values("Date").count == 1, "libmicrohttpd adds none of its own")
            let sent = now.headers["Date"] ?? ""
            let expected = (-1...1).map { HTTPDate.string(Int(Date().timeIntervalSince1970) + $0) }
            #expect(expected.contains(sent) || HTTPDate.string(Int(Date().timeIntervalSince1970) - 2) == sent)
            let dated = try await request(port, "GET", "/dated")
            #expect(dated.headers.values("Date").count == 1)
            #expect(dated.headers["Date"] == "Thu, 01 Jan 1970 00:00:00 GMT")
        }
    }
}
