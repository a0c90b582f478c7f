import Foundation
import KetupekApp
import KetupekCore
import KetupekStore
import KetupekTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary, killed with SIGKILL while 32 clients ingest: every acknowledged comment survives, once.
@Suite("Durability under kill -9", .serialized)
struct CrashDurabilityTests {
    static let clients = 32
    static let rounds = 4

    @Test("acknowledged comments survive SIGKILL at a random moment, exactly once, over several rounds")
    func killDuringIngest() async throws {
        let directory = try TemporaryDirectory("ketupek-e2e")
        defer { directory.remove() }
        var configuration = Configuration()
        configuration.dataDirectory = directory.path
        let admin = try await AdminCommands.createToken(configuration, name: "e2e admin", role: .admin)
        let integration = try await AdminCommands.createToken(configuration, name: "e2e ingest", role: .integration)

        var acknowledged: Set<String> = []
        for round in 1...Self.rounds {
            let server = try ServerProcess(dataDirectory: directory.path)
            if round == 1 {
                let created = try await server.client.json(
                    "POST", "/api/v1/sessions", #"{"slug": "crash", "title": "Crash test"}"#,
                    headers: ["Authorization": "Bearer \(admin)"])
                #expect(created.status == 201)
            }
            let killAfter = Double.random(in: 0.05...0.8)
            let acked = try await Self.ingestUntilKilled(
                server: server, token: integration, round: round, killAfter: killAfter)
            #expect(!acked.isEmpty, "round \(round): some comments were acknowledged before the kill")
            acknowledged.formUnion(acked)
            print(
                "kill -9 round \(round): \(acked.count) comments acknowledged before the kill, \(Int(killAfter * 1000)) ms into ingest"
            )

            // Restart on the same data and re-send what was acknowledged: every one is a duplicate of a stored question.
            let restarted = try ServerProcess(dataDirectory: directory.path)
            for chunk in Array(acked).chunks(of: 500) {
                let body =
                    "["
                    + chunk.map { #"{"source":"e2e","externalID":"\#($0)","text":"Apakah tercatat \#($0)?"}"# }
                    .joined(separator: ",") + "]"
                let again = try await restarted.client.json(
                    "POST", "/api/v1/sessions/crash/comments", body,
                    headers: ["Authorization": "Bearer \(integration)"])
                #expect(
                    again.status == 200 && again.json["created"] as? Int == 0,
                    "round \(round): an acknowledged comment was lost (\(again.json["created"] ?? "?") recreated)")
            }
            #expect(restarted.stop() == 0, "a clean SIGTERM exits 0")
        }

        // Reopen the database directly: each acknowledged comment is there exactly once.
        let store = try SQLiteEventStore(path: configuration.databasePath)
        defer { store.close() }
        let session = try #require(try store.session(slug: "crash"))
        var stored: [String: Int] = [:]
        var cursor: QuestionID?
        for _ in 0..<10_000 {
            let page = try store.questions(in: session.id, matching: QuestionFilter(), after: cursor, limit: 1_000)
            for question in page { stored[question.externalID, default: 0] += 1 }
            cursor = page.last?.id
            if page.count < 1_000 { break }
        }
        let missing = acknowledged.filter { stored[$0] == nil }
        #expect(missing.isEmpty, "\(missing.count) acknowledged comments missing")
        #expect(stored.values.allSatisfy { $0 == 1 }, "no comment stored twice")
        let received = try store.events(in: session.id, after: .start, limit: 1_000_000)
            .filter { $0.event.kind == .questionReceived }
        #expect(received.count == stored.count, "one received event per question")
    }

    /// 32 threads ingest (single comments and batches of 10) until the server dies; returns the ids it acknowledged.
    static func ingestUntilKilled(server: ServerProcess, token: String, round: Int, killAfter: Double) async throws
        -> Set<String>
    {
        final class Acknowledged: Sendable {
            let ids = Mutex<Set<String>>([])
        }
        let acked = Acknowledged()
        let port = server.port
        // The kill comes at a random moment once ingest is under way (the first acknowledgements are in).
        let killer = Thread {
            for _ in 0..<1_000 where acked.ids.withLock({ $0.count }) < 20 { Thread.sleep(forTimeInterval: 0.01) }
            Thread.sleep(forTimeInterval: killAfter)
            server.stop(signal: SIGKILL)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    try await offPool {
                        let http = TestHTTPClient(port: port, timeout: 5)
                        for request in 0..<5_000 {
                            let batch = client % 2 == 0 ? 1 : 10
                            let ids = (0..<batch).map { "r\(round)-c\(client)-n\(request)-\($0)" }
                            let body =
                                "["
                                + ids.map {
                                    #"{"source":"e2e","externalID":"\#($0)","text":"Apakah tercatat \#($0)?"}"#
                                }
                                .joined(separator: ",") + "]"
                            guard
                                let response = try? http.sendBlocking(
                                    "POST", "/api/v1/sessions/crash/comments",
                                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                    body: Array(body.utf8))
                            else { return }
                            if response.status == 201 { acked.ids.withLock { $0.formUnion(ids) } } else { return }
                        }
                    }
                }
            }
            killer.start()
            try await group.waitForAll()
        }
        while server.process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return acked.ids.withLock { $0 }
    }
}

extension Array {
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
