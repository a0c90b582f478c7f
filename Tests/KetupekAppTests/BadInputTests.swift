import Foundation
import KetupekCore
import KetupekTestSupport
import Testing

@Suite("Bad input gets the right status and JSON error, and writes nothing")
struct BadInputTests {
    @Test("malformed, mistyped, invalid UTF-8, oversized, unknown, wrong method, unauthenticated")
    func everyKind() async throws {
        let app = try await TestApplication(maxBodyBytes: 4_096)
        defer { Task { await app.stop() } }
        try await app.makeLiveSession()
        let before = try await app.sequence()
        let path = "/api/v1/sessions/ketupek-desember/comments"
        let auth = app.auth(.integration)
        let json = auth.merging(["Content-Type": "application/json"]) { $1 }

        let cases: [(String, TestResponse, Int, String?)] = [
            (
                "malformed JSON",
                try await app.client.send("POST", path, headers: json, body: Array(#"{"text": "#.utf8)), 400, nil
            ),
            (
                "wrong types",
                try await app.client.json(
                    "POST", path, #"{"source": "api", "externalID": 5, "text": true}"#, headers: auth), 422, nil
            ),
            (
                "missing field",
                try await app.client.json("POST", path, #"{"source": "api", "text": "x"}"#, headers: auth), 422, nil
            ),
            (
                "invalid UTF-8",
                try await app.client.send(
                    "POST", path, headers: json,
                    body: Array(#"{"source":"api","externalID":"u","text":"a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
                ), 400, nil
            ),
            (
                "not JSON content type",
                try await app.client.send(
                    "POST", path, headers: auth.merging(["Content-Type": "text/plain"]) { $1 },
                    body: Array("hello".utf8)), 415, nil
            ),
            (
                "oversized body",
                try await app.client.send(
                    "POST", path, headers: json, body: Array(repeating: UInt8(ascii: " "), count: 5_000)), 413, nil
            ),
            ("unknown route", try await app.client.send("GET", "/api/v1/nothing-here", headers: auth), 404, nil),
            ("unknown session", try await app.ingest("no-such-session", externalID: "x"), 404, nil),
            ("wrong method", try await app.client.send("DELETE", path, headers: auth), 405, nil),
            (
                "no credential",
                try await app.client.json("POST", path, #"{"source":"api","externalID":"n","text":"x"}"#), 401,
                "unauthenticated"
            ),
            (
                "bad credential",
                try await app.client.json(
                    "POST", path, #"{"source":"api","externalID":"n","text":"x"}"#,
                    headers: ["Authorization": "Bearer kt_wrong"]), 401, "unauthenticated"
            ),
        ]
        for (name, response, status, code) in cases {
            #expect(response.status == status, "\(name): \(response.status) \(response.text)")
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, "\(name)")
            #expect(response.errorCode != nil, "\(name) has an error code")
            #expect(
                (response.json["error"] as? [String: Any])?["request_id"] as? String != nil, "\(name) names the request"
            )
            if let code { #expect(response.errorCode == code, "\(name)") }
        }
        let wrongMethod = try await app.client.send("DELETE", path, headers: auth)
        #expect(wrongMethod.header("Allow")?.contains("POST") == true)
        let trace = try await app.client.send("TRACE", "/healthz")
        #expect(trace.status == 405 && trace.header("Allow")?.contains("GET") == true, "a known method not allowed")
        let invented = try await app.client.send("BREW", "/healthz")
        #expect(invented.status == 501, "an unknown method")

        // Oversized headers: MHD answers 431 itself.
        let huge = try await app.client.send(
            "GET", "/healthz", headers: ["X-Filler": String(repeating: "a", count: 70_000)])
        #expect(huge.status == 431 || huge.status == 413)

        #expect(try await app.sequence() == before, "nothing was written")
    }
}
