import Foundation
import KetupekApp
import KetupekCore
import KetupekStore
import KetupekTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary replays a JSONL file through a source, is killed with SIGKILL mid-replay, and on restart
/// resumes from the checkpoint stored with the last batch: every line once, none twice, none missing.
@Suite("Sources resume after kill -9", .serialized)
struct SourceResumeTests {
    static let lines = 4_000

    /// The source's JSON, polled until `done` holds (at most `attempts` × 20 ms).
    static func waitForSource(
        _ server: ServerProcess, token: String, attempts: Int = 1_500,
        _ done: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        for _ in 0..<attempts {
            let list = try await server.client.send(
                "GET", "/api/v1/sessions/resume/sources",
                headers: ["Authorization": "Bearer \(token)"])
            if let source = (list.json["sources"] as? [[String: Any]])?.first, done(source) { return source }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestClientError("the source did not reach the expected state")
    }

    static func ingested(_ source: [String: Any]) -> Int {
        (source["counters"] as? [String: Any])?["ingested"] as? Int ?? 0
    }

    @Test("a paced jsonl replay killed with SIGKILL resumes from its checkpoint: no duplicate, no gap")
    func killDuringReplay() async throws {
        let directory = try TemporaryDirectory("ketupek-e2e-sources")
        defer { directory.remove() }
        var configuration = Configuration()
        configuration.dataDirectory = directory.path
        let admin = try await AdminCommands.createToken(configuration, name: "e2e admin", role: .admin)
        let auth = ["Authorization": "Bearer \(admin)"]
        let file = directory.file("replay.jsonl")
        // 4,000 comments over 12 s of recording, replayed at the original pace: killed after the first 300
        // (about 1 s in), with room to spare when a loaded machine answers the status polls late.
        let body = (0..<Self.lines).map {
            #"{"offset_ms": \#($0 * 3), "external_id": "line-\#($0)", "text": "Pertanyaan nomor \#($0)?"}"#
        }
        try Data(body.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))

        let first = try ServerProcess(dataDirectory: directory.path)
        #expect(
            try await first.client.json(
                "POST", "/api/v1/sessions", #"{"slug": "resume", "title": "Resume"}"#,
                headers: auth
            ).status == 201)
        #expect(
            try await first.client.json(
                "POST", "/api/v1/sessions/resume/state", #"{"state": "live"}"#,
                headers: auth
            ).status == 200)
        let created = try await first.client.json(
            "POST", "/api/v1/sessions/resume/sources",
            #"{"kind": "jsonl", "settings": {"path": "\#(file)", "speed": "1"}}"#,
            headers: auth)
        let id = try #require(created.json["id"] as? Int)
        #expect(try await first.client.send("POST", "/api/v1/sources/\(id)/start", headers: auth).status == 200)
        let partway = try await Self.waitForSource(first, token: admin) { Self.ingested($0) >= 300 }
        first.stop(signal: SIGKILL)
        let atKill = Self.ingested(partway)
        #expect(atKill < Self.lines, "killed before the end")

        // Restart: the supervisor resumes the enabled source from its stored checkpoint.
        let restartedAt = ContinuousClock.now
        let second = try ServerProcess(dataDirectory: directory.path)
        let resumed = try await Self.waitForSource(second, token: admin, attempts: 1_000) {
            $0["state"] as? String == "running" || $0["state"] as? String == "stopped"
        }
        let checkpointAfterKill = resumed["checkpoint"] as? String
        let base = Self.ingested(resumed)
        _ = try await Self.waitForSource(second, token: admin) {
            Self.ingested($0) > base || $0["state"] as? String == "stopped"
        }
        let resumeLatency = ContinuousClock.now - restartedAt
        let done = try await Self.waitForSource(second, token: admin) { $0["state"] as? String == "stopped" }
        print(
            "source resume: killed after \(atKill) of \(Self.lines) lines (stored checkpoint \(checkpointAfterKill ?? "none")); "
                + "restart to first new batch stored: \(resumeLatency)")
        #expect(Self.ingested(done) == Self.lines, "every line stored by the source exactly once")
        #expect((done["counters"] as? [String: Any])?["duplicates"] as? Int == 0, "nothing was sent twice")
        #expect(done["checkpoint"] as? String == "2:0")
        #expect(second.stop() == 0)

        let store = try SQLiteEventStore(path: configuration.databasePath)
        defer { store.close() }
        let session = try #require(try store.session(slug: "resume"))
        var seen: [String: Int] = [:]
        var cursor: QuestionID?
        for _ in 0..<100 {
            let page = try store.questions(in: session.id, matching: QuestionFilter(), after: cursor, limit: 1_000)
            for question in page { seen[question.externalID, default: 0] += 1 }
            cursor = page.last?.id
            if page.count < 1_000 { break }
        }
        #expect(seen.count == Self.lines && seen.values.allSatisfy { $0 == 1 })
        #expect((0..<Self.lines).allSatisfy { seen["line-\($0)"] == 1 }, "no gap")
    }
}
